CREATE TABLE t (
  id INT,
  name TEXT,,
  note TEXT
);
