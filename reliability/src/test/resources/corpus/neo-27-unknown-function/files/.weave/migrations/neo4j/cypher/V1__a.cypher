CREATE (:A);
RETURN nosuch.fn(1);
