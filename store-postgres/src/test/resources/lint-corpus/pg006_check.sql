-- expect: PG006@3
SET lock_timeout = '5s';
ALTER TABLE users ADD CHECK (age > 0);
