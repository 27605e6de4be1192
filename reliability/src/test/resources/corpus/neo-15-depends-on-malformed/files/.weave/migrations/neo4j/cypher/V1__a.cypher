// depends-on: app@7
CREATE (:A);
