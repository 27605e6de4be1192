-- never runs: the store is unreachable
CREATE TABLE users (id bigint PRIMARY KEY);
