-- weave:no-transaction
-- expect: none
CREATE INDEX CONCURRENTLY users_email ON users (email);
