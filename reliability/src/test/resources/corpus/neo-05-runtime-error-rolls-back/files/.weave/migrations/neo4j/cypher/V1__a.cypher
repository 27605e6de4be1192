CREATE (:A {n: 1});
RETURN 1 / 0;
