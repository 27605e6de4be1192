CREATE (:A {n: 1});
CREATE (:A {n: 2};
