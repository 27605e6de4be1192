-- depends-on: @DB@:2
CREATE TABLE t (id INT);
