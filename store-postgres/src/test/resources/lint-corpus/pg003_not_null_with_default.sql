-- expect: none
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN age int NOT NULL DEFAULT 0;
