CREATE TYPE billing_period AS ENUM ('monthly', 'yearly');

CREATE TABLE plans (
    code         TEXT PRIMARY KEY,
    name         TEXT           NOT NULL,
    price_cents  INTEGER        NOT NULL CHECK (price_cents >= 0),
    period       billing_period NOT NULL
);

INSERT INTO plans VALUES
    ('free', 'Free', 0, 'monthly'),
    ('team', 'Team', 1200, 'monthly'),
    ('team_yearly', 'Team (yearly)', 12000, 'yearly');
