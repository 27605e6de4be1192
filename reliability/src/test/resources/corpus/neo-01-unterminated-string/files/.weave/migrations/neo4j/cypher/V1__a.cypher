CREATE (:A {n: 1});
CREATE (:A {name: 'x});
