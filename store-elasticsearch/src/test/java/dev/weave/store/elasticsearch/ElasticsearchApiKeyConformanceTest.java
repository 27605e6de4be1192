package dev.weave.store.elasticsearch;

import dev.weave.conformance.StoreConformanceSuite;
import dev.weave.conformance.StoreFixture;

/**
 * The shared store behaviour through HTTPS with a real API key (made on the secured node with
 * {@code POST /_security/api_key}) instead of user and password; its wrong-credentials case is that key's id
 * with another secret.
 */
class ElasticsearchApiKeyConformanceTest extends StoreConformanceSuite {

    @Override
    protected StoreFixture fixture() {
        return ElasticsearchFixture.securedWithApiKey();
    }
}
