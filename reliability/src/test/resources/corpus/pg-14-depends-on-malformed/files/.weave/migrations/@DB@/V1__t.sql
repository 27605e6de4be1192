-- keeps the users in step
-- depends-on: app
CREATE TABLE t (id INT);
