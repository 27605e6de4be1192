-- expect: none
SET lock_timeout = '5s';
ALTER TABLE users ADD COLUMN id2 bigint NOT NULL GENERATED ALWAYS AS IDENTITY;
