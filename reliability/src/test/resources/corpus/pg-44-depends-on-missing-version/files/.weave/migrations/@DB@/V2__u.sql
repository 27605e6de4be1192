-- depends-on: @DB@:9
CREATE TABLE u (id INT);
