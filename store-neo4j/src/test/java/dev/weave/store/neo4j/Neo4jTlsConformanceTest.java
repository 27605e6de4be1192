package dev.weave.store.neo4j;

import dev.weave.conformance.StoreConformanceSuite;
import dev.weave.conformance.StoreFixture;

/**
 * The shared store behaviour through TLS: the node suite against the Neo4j that takes Bolt over TLS only,
 * with {@code bolt+s://localhost:<port>} and the test CA as {@code caCertificate}. Everything the suite does
 * (migrate, lock, ledger, undo, clean, failures) goes over the encrypted connection.
 */
class Neo4jTlsConformanceTest extends StoreConformanceSuite {

    @Override
    protected StoreFixture fixture() {
        return Secured.FIXTURE;
    }

    /** Loaded on the first test of this class, so other test classes never start the TLS server. */
    private static final class Secured {
        static final Neo4jFixture FIXTURE = Neo4jFixture.securedNodes();
    }
}
