package dev.weave.store.elasticsearch;

import dev.weave.conformance.StoreConformanceSuite;
import dev.weave.conformance.StoreFixture;

/** The shared store behaviour, against a real Elasticsearch node. */
class ElasticsearchConformanceTest extends StoreConformanceSuite {

    @Override
    protected StoreFixture fixture() {
        return new ElasticsearchFixture();
    }
}
