-- expect: PG002@2
CREATE INDEX CONCURRENTLY users_email ON users (email);
