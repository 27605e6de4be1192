-- expect: PG007@3
SET lock_timeout = '5s';
ALTER TABLE users DROP COLUMN IF EXISTS fax;
