package dev.weave.reliability;

/** Shared things tests must not use at the same time (JUnit resource locks). */
final class Resources {

    /** The shared Neo4j server's one database (Community edition): tests reset it and expect it to themselves. */
    static final String NEO4J = "weave-shared-neo4j-graph";

    private Resources() {
    }
}
