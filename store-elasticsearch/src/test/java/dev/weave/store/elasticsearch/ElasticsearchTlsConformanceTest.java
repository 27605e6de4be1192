package dev.weave.store.elasticsearch;

import dev.weave.conformance.StoreConformanceSuite;
import dev.weave.conformance.StoreFixture;

/**
 * The shared store behaviour through HTTPS with basic auth: the suite against the secured node, every target
 * with {@code scheme: https}, the test CA as {@code caCertificate} and the superuser's user and password. The
 * node serves HTTPS only, so everything the suite does (migrate, lock, ledger, undo, clean, failures) goes over
 * the encrypted connection, its certificate checked against the test CA.
 */
class ElasticsearchTlsConformanceTest extends StoreConformanceSuite {

    @Override
    protected StoreFixture fixture() {
        return ElasticsearchFixture.securedWithBasicAuth();
    }
}
