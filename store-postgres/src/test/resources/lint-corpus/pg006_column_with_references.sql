-- expect: PG006@3
SET lock_timeout = '5s';
ALTER TABLE orders ADD COLUMN user_id int REFERENCES users;
