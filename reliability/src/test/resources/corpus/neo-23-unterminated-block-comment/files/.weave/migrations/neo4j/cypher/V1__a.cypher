CREATE (:A);
/* the rest is off
CREATE (:B);
