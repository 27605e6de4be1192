-- expect: none
CREATE TABLE t (id int, x text);
CREATE INDEX t_x ON t (x);
