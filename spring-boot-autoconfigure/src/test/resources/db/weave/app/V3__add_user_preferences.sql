ALTER TABLE users ADD COLUMN preferences JSONB NOT NULL DEFAULT '{"theme": "light"}';

DO $$
BEGIN
    UPDATE users SET preferences = '{"theme": "dark"}' WHERE email = 'grace@example.com';
END
$$;
