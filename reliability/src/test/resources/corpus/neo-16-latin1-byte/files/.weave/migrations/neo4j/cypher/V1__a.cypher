// cafe
CREATE (:A);
CREATE (:B {name: 'café'});
