-- expect: PG005@3
SET LOCAL lock_timeout TO '2s';
ALTER TABLE users ALTER name SET DATA TYPE text USING name::text;
