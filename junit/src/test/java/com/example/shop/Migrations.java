package com.example.shop;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the isolation tests share: the ledger time of V1 their copies carry, which one migration gives them both. */
final class Migrations {

    private static final AtomicReference<Instant> FIRST_SEEN = new AtomicReference<>();

    private Migrations() {
    }

    static void sameMigration(Instant installedOn) {
        if (!FIRST_SEEN.compareAndSet(null, installedOn)) {
            assertEquals(FIRST_SEEN.get(), installedOn, "both classes copy the one migration of this JVM");
        }
    }
}
