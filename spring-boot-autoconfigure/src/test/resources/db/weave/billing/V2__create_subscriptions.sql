-- user_id refers to app.users; the databases are separate, so it is not a foreign key.
CREATE TABLE subscriptions (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     BIGINT      NOT NULL,
    plan_code   TEXT        NOT NULL REFERENCES plans (code),
    started_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    ended_at    TIMESTAMPTZ,
    CHECK (ended_at IS NULL OR ended_at > started_at)
);

CREATE UNIQUE INDEX subscriptions_one_active ON subscriptions (user_id) WHERE ended_at IS NULL;
