CREATE TABLE users (id INT);
INSERT INTO users VALUES ('abc);
