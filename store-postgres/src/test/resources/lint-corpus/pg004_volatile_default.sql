-- expect: PG004@3
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();
