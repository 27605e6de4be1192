// depends-on: @DB@:3
CREATE (:A);
