-- a second version 1 beside V1__create_accounts.sql: the tree is refused before anything runs
CREATE TABLE users (id bigint PRIMARY KEY);
