package dev.weave.store.postgres;

import dev.weave.conformance.StoreConformanceSuite;
import dev.weave.conformance.StoreFixture;

/** The shared store behaviour, against a real PostgreSQL. */
class PostgresConformanceTest extends StoreConformanceSuite {

    @Override
    protected StoreFixture fixture() {
        return PostgresFixture.INSTANCE;
    }
}
