// expect: NEO003@4 NEO001@4
MERGE (:Config {key: 'v'});
MATCH (c:Config) SET c.on = true;
CREATE CONSTRAINT config_key FOR (c:Config) REQUIRE c.key IS UNIQUE;
