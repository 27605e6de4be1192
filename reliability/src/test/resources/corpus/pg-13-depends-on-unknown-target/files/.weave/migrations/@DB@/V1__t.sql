-- depends-on: nowhere:1
CREATE TABLE t (id INT);
