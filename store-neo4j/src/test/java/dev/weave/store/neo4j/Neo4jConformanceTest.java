package dev.weave.store.neo4j;

import dev.weave.conformance.StoreConformanceSuite;
import dev.weave.conformance.StoreFixture;

/** The shared store behaviour against a real Neo4j, with nodes as the objects: data migrations, one transaction each. */
class Neo4jConformanceTest extends StoreConformanceSuite {

    @Override
    protected StoreFixture fixture() {
        return Neo4jFixture.NODES;
    }
}
