-- expect: PG001@2 PG009@2
CREATE INDEX users_email ON users (email);
