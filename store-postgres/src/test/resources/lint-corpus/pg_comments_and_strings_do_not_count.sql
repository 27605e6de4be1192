-- expect: none
-- DROP TABLE users;
/* ALTER TABLE users DROP COLUMN x; */
INSERT INTO audit (note) VALUES ('ALTER TABLE users DROP COLUMN x; DROP TABLE users');
