-- expect: PG001@4 WEAVE001@3
SET lock_timeout = '5s';
-- weave:lint-ignore PG001
CREATE INDEX users_email ON users (email);
