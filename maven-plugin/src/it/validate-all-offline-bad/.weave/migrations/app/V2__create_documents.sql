-- Documents belong to a user; updated_at is kept by a trigger.
CREATE TABLE documents (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner_id    BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title       TEXT        NOT NULL,
    body        TEXT        NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE FUNCTION touch_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- a semicolon in a comment; and one in a string: ';'
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

CREATE TRIGGER documents_touch
    BEFORE UPDATE ON documents
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

INSERT INTO documents (owner_id, title, body)
SELECT id, 'Welcome, ' || name, 'It''s your first document.' FROM users;
