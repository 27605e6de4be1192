package dev.weave.store.postgres;

import dev.weave.conformance.StoreConformanceSuite;
import dev.weave.conformance.StoreFixture;

/**
 * The shared store behaviour again, against a PostgreSQL that takes TLS connections only, every target with
 * sslmode verify-full and the test CA as sslrootcert: the adapter's working and lock connections, the ledger
 * and the lock, all over TLS (a plain connection would be refused by that server's pg_hba.conf).
 */
class PostgresTlsConformanceTest extends StoreConformanceSuite {

    private static final PostgresFixture FIXTURE = PostgresFixture.secured();

    @Override
    protected StoreFixture fixture() {
        return FIXTURE;
    }
}
