package dev.weave.distribution;

import dev.weave.local.neo4j.LocalNeo4j;

import java.util.LinkedHashMap;
import java.util.Map;

/** A local Neo4j 5 Community server for {@code weave dev}, auth on. */
final class DevNeo4j implements DevStore {

    private final LocalNeo4j server;

    DevNeo4j(LocalNeo4j server) {
        this.server = server;
    }

    @Override
    public String describe() {
        return "Neo4j 5.26 at " + server.boltUri() + " (user " + server.user() + ")";
    }

    @Override
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("NEO4J_URI", server.boltUri());
        env.put("NEO4J_USER", server.user());
        env.put("NEO4J_PASSWORD", server.password());
        return env;
    }

    @Override
    public void close() {
        server.close();
    }
}
