-- expect: PG001@3
SET lock_timeout = '5s';
CREATE UNIQUE INDEX IF NOT EXISTS users_email ON public.users (lower(email));
