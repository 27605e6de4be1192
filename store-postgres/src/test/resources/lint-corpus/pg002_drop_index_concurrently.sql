-- expect: PG002@3

DROP INDEX CONCURRENTLY users_email;
