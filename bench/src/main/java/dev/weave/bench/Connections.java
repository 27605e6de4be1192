package dev.weave.bench;

import java.util.HashMap;
import java.util.Map;

/**
 * Where the three servers are, handed to each child process in its environment (so no password shows in a
 * process listing). {@code pgDatabase} is the fresh database of the run at hand.
 */
record Connections(String pgHost, int pgPort, String pgUser, String pgPassword, String pgDatabase,
                   String neo4jUri, String neo4jUser, String neo4jPassword,
                   String esHost, int esPort) {

    private static final String PREFIX = "WEAVE_BENCH_";

    Connections withPgDatabase(String database) {
        return new Connections(pgHost, pgPort, pgUser, pgPassword, database, neo4jUri, neo4jUser, neo4jPassword,
                esHost, esPort);
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + pgDatabase;
    }

    String esUrl() {
        return "http://" + esHost + ":" + esPort;
    }

    Map<String, String> toEnvironment() {
        Map<String, String> env = new HashMap<>();
        put(env, "PG_HOST", pgHost);
        put(env, "PG_PORT", String.valueOf(pgPort));
        put(env, "PG_USER", pgUser);
        put(env, "PG_PASSWORD", pgPassword);
        put(env, "PG_DATABASE", pgDatabase);
        put(env, "NEO4J_URI", neo4jUri);
        put(env, "NEO4J_USER", neo4jUser);
        put(env, "NEO4J_PASSWORD", neo4jPassword);
        put(env, "ES_HOST", esHost);
        put(env, "ES_PORT", String.valueOf(esPort));
        return env;
    }

    private static void put(Map<String, String> env, String key, String value) {
        if (value != null) {
            env.put(PREFIX + key, value);
        }
    }

    static Connections fromEnvironment(Map<String, String> env) {
        return new Connections(env.get(PREFIX + "PG_HOST"), intOf(env.get(PREFIX + "PG_PORT")),
                env.get(PREFIX + "PG_USER"), env.get(PREFIX + "PG_PASSWORD"), env.get(PREFIX + "PG_DATABASE"),
                env.get(PREFIX + "NEO4J_URI"), env.get(PREFIX + "NEO4J_USER"), env.get(PREFIX + "NEO4J_PASSWORD"),
                env.get(PREFIX + "ES_HOST"), intOf(env.get(PREFIX + "ES_PORT")));
    }

    private static int intOf(String s) {
        return s == null ? 0 : Integer.parseInt(s);
    }

    @Override
    public String toString() {
        return "Connections[pg " + pgHost + ":" + pgPort + "/" + pgDatabase + ", neo4j " + neo4jUri + ", es " + esUrl() + "]";
    }
}
