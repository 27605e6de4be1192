-- expect: PG001@4
SET lock_timeout = '5s';
-- weave:lint-ignore PG007 wrong rule named
CREATE INDEX users_email ON users (email);
