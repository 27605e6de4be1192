-- depends-on: elasticsearch:1
CREATE TABLE t (id INT);
