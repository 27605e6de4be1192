-- expect: PG002@2
VACUUM ANALYZE users;
