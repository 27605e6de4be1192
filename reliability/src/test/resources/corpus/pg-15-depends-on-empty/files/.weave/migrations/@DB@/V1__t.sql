-- depends-on:
CREATE TABLE t (id INT);
