package dev.weave.store.neo4j;

import dev.weave.conformance.StoreConformanceSuite;
import dev.weave.conformance.StoreFixture;

/**
 * The shared store behaviour again, with constraints as the objects: schema migrations, and a failing
 * script that mixes schema and data, so the suite's "failure recorded, repair, run again" path runs too.
 */
class Neo4jSchemaConformanceTest extends StoreConformanceSuite {

    @Override
    protected StoreFixture fixture() {
        return Neo4jFixture.CONSTRAINTS;
    }
}
