package dev.weave.bench;

import java.util.Locale;

/** The three stores, each with the peer users would pick instead of Weave and the file extension both read. */
enum Store {

    POSTGRES("postgres", "PostgreSQL", "Flyway", ".sql"),
    NEO4J("neo4j", "Neo4j", "neo4j-migrations", ".cypher"),
    ELASTICSEARCH("elasticsearch", "Elasticsearch", "elasticsearch-evolution", ".http");

    final String id;
    final String title;
    final String peer;
    final String extension;

    Store(String id, String title, String peer, String extension) {
        this.id = id;
        this.title = title;
        this.peer = peer;
        this.extension = extension;
    }

    static Store of(String id) {
        for (Store s : values()) {
            if (s.id.equals(id.toLowerCase(Locale.ROOT)) || s.name().equalsIgnoreCase(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown store " + id + " (postgres, neo4j, elasticsearch)");
    }
}
