-- expect: PG003@4 PG005@5 PG009@3
SET search_path = app;
ALTER TABLE users
    ADD COLUMN a int NOT NULL,
    ALTER COLUMN b TYPE bigint,
    ADD COLUMN c text;
