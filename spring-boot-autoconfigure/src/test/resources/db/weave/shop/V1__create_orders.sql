-- the class path tree of StartupFailuresTest: weave.location's default, classpath:db/weave
CREATE TABLE orders (id int PRIMARY KEY, placed_at timestamptz NOT NULL DEFAULT now());
