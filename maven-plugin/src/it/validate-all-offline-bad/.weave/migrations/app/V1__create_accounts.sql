-- a second V1: two files with one version
CREATE TABLE accounts (id int);
