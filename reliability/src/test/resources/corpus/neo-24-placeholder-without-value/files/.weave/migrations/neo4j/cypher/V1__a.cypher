CREATE (:${label} {name: "x"});
