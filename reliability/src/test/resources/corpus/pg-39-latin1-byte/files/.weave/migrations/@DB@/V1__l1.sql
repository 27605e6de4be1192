-- Grьяe
CREATE TABLE t (id INT);
