-- expect: none
SET lock_timeout = '5s';
-- weave:lint-ignore PG001 the table holds a few hundred rows
CREATE INDEX users_email ON users (email);
