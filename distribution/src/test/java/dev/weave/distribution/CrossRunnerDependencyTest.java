package dev.weave.distribution;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static dev.weave.distribution.CliHarness.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A {@code depends-on} across two runners (issue 13.4): a dependency is met when the other target's ledger
 * shows it, whoever applied it, and a wait on a target another runner keeps locked ends after the lock
 * timeout with exit 5. Two real engine runs in threads of this JVM, each with its own connections, on two
 * databases of the real PostgreSQL; the test holds PostgreSQL advisory locks as gates, so each runner stops
 * exactly where the scenario needs it.
 */
class CrossRunnerDependencyTest {

    /** Weave's advisory lock: class "Weav", object the hash of schema.table (see AdvisoryLock). */
    private static final int WEAVE_LOCK_CLASS = 0x57656176;
    private static final int WEAVE_LOCK_KEY = "public.weave_schema_history".hashCode();
    private static final Duration EVENT = Duration.ofSeconds(60); // generous: the machine is shared and loaded

    @TempDir
    Path project;

    CliHarness cli;

    @BeforeEach
    void setUp() {
        cli = new CliHarness(project);
    }

    /**
     * Runner B ({@code migrate xr_b}) holds b's lock throughout, stopped by gates before b:1 and after it.
     * Runner A ({@code migrate-all}, a and b) holds a's lock and waits at a:2 for b:1, while its own b waits for
     * the lock B holds. Before the fix A waited until B let go of b; now a:2 is applied as soon as B has applied
     * b:1, while B still holds b.
     */
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aDependencyAppliedByAnotherRunnerIsMetWhileThatRunnerStillHoldsTheLock() throws Exception {
        Path a = cli.database("xr_a");
        Path b = cli.database("xr_b");
        write(a.resolve("V1__first.sql"), "CREATE TABLE effects (script TEXT);\nINSERT INTO effects VALUES ('V1');");
        write(a.resolve("V2__second.sql"), "-- depends-on: xr_b:1\nINSERT INTO effects VALUES ('V2');");
        write(b.resolve("V1__first.sql"), "SELECT pg_advisory_xact_lock(1001);\nCREATE TABLE effects (script TEXT);\n"
                + "INSERT INTO effects VALUES ('V1');");
        write(b.resolve("V2__second.sql"), "-- depends-on: xr_a:1\nSELECT pg_advisory_xact_lock(1002);\n"
                + "INSERT INTO effects VALUES ('V2');");

        try (Connection gates = connect("xr_b")) {
            execute(gates, "SELECT pg_advisory_lock(1001), pg_advisory_lock(1002)");
            CompletableFuture<CliHarness.Run> runnerB = CompletableFuture.supplyAsync(
                    () -> cli.weave("db", "migrate", "xr_b", "--lock-timeout", "120s"));
            until(() -> waitsAtGate("xr_b", 1001), "runner B holds b's lock and waits at the gate before b:1");
            CompletableFuture<CliHarness.Run> runnerA = CompletableFuture.supplyAsync(
                    () -> cli.weave("db", "migrate-all", "--lock-timeout", "120s"));
            until(() -> ledgerRows("xr_a") == 1, "runner A applied a:1 and waits for b:1");

            execute(gates, "SELECT pg_advisory_unlock(1001)"); // B applies b:1, then waits before b:2, still holding b
            until(() -> waitsAtGate("xr_b", 1002), "runner B applied b:1 and waits at the gate before b:2");
            until(() -> ledgerRows("xr_a") == 2, "runner A applied a:2 once b:1 was in b's ledger, while B holds b");
            assertTrue(waitsAtGate("xr_b", 1002), "runner B still holds b's lock");

            execute(gates, "SELECT pg_advisory_unlock(1002)");
            CliHarness.Run b1 = runnerB.get(EVENT.toSeconds(), TimeUnit.SECONDS);
            CliHarness.Run a1 = runnerA.get(EVENT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(0, b1.exit(), b1.all());
            assertEquals(0, a1.exit(), a1.all());
            assertTrue(a1.out().matches("(?s).*xr_a\\s+postgres\\s+APPLIED\\s+-\\s+2\\s+2.*"), a1.out());
            assertTrue(a1.out().matches("(?s).*xr_b\\s+postgres\\s+UP_TO_DATE.*"), a1.out());
        }
        for (String db : List.of("xr_a", "xr_b")) {
            assertEquals(2, cli.count(db, "SELECT count(*) FROM weave_schema_history WHERE success"), db + " ledger");
            assertEquals(2, cli.count(db, "SELECT count(DISTINCT script) FROM effects"), db + ": each migration once");
            assertEquals(2, cli.count(db, "SELECT count(*) FROM effects"), db + ": each migration once");
        }
    }

    /**
     * Another runner holds b's lock and never applies b:1: a's wait for it ends after the lock timeout, exit 5,
     * with a message that names both targets and the edge; a:1 stays applied, nothing of a:2 is recorded. The
     * same with b left out of the run (--only), then b neither locked nor migrated (BLOCKED at once), then b
     * migrated by a runner of its own (met through its ledger).
     */
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aWaitOnATargetAnotherRunnerKeepsLockedEndsAtTheLockTimeoutNamingBothTargets() throws Exception {
        Path a = cli.database("xt_a");
        Path b = cli.database("xt_b");
        write(a.resolve("V1__first.sql"), "CREATE TABLE a1 (id INT);");
        write(a.resolve("V2__second.sql"), "-- depends-on: xt_b:1\nCREATE TABLE a2 (id INT);");
        write(b.resolve("V1__first.sql"), "CREATE TABLE b1 (id INT);");

        try (Connection otherRunner = connect("xt_b")) {
            execute(otherRunner, "SELECT pg_advisory_lock(" + WEAVE_LOCK_CLASS + ", " + WEAVE_LOCK_KEY + ")");

            CliHarness.Run both = cli.weave("db", "migrate-all", "--lock-timeout", "3s");
            assertEquals(5, both.exit(), both.all());
            assertTrue(both.out().contains("target xt_a waits for xt_b:1 (needed by V2__second.sql); xt_b is locked by"
                    + " another runner"), both.out());
            assertTrue(both.out().contains("within the lock timeout (3 s)"), both.out());
            assertTrue(both.out().matches("(?s).*xt_a\\s+postgres\\s+BLOCKED.*"), both.out());
            assertEquals(1, cli.count("xt_a", "SELECT count(*) FROM weave_schema_history"), "only a:1 recorded");
            assertEquals(0, cli.count("xt_a", "SELECT count(*) FROM pg_tables WHERE tablename = 'a2'"), "a:2 not applied");

            CliHarness.Run only = cli.weave("db", "migrate-all", "--only", "xt_a", "--lock-timeout", "3s");
            assertEquals(5, only.exit(), only.all());
            assertTrue(only.out().contains("target xt_a waits for xt_b:1 (needed by V2__second.sql); xt_b is not part"
                    + " of this run and is locked by another runner"), only.out());
            assertEquals(1, cli.count("xt_a", "SELECT count(*) FROM weave_schema_history"), "still only a:1 recorded");
        }

        CliHarness.Run notMigrated = cli.weave("db", "migrate-all", "--only", "xt_a", "--lock-timeout", "60s");
        assertEquals(1, notMigrated.exit(), notMigrated.all());
        assertTrue(notMigrated.out().contains("xt_b is not part of this run and has not applied xt_b:1; migrate xt_b"
                + " first or include it in the run"), notMigrated.out());

        assertEquals(0, cli.weave("db", "migrate", "xt_b").exit());
        CliHarness.Run met = cli.weave("db", "migrate-all", "--only", "xt_a");
        assertEquals(0, met.exit(), met.all());
        assertEquals(1, cli.count("xt_a", "SELECT count(*) FROM pg_tables WHERE tablename = 'a2'"), "a:2 applied");
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(cli.server.jdbcUrl(database), cli.server.user(), cli.server.password());
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** Whether a session of {@code database} waits for the advisory lock {@code key} (a runner at a gate). */
    private boolean waitsAtGate(String database, int key) {
        return cli.count(database, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                + " AND objid = " + key + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())") > 0;
    }

    private long ledgerRows(String database) {
        if (cli.count(database, "SELECT count(*) FROM pg_tables WHERE tablename = 'weave_schema_history'") == 0) {
            return 0;
        }
        return cli.count(database, "SELECT count(*) FROM weave_schema_history WHERE success");
    }

    /** Waits for a state the runners reach (checked every 50 ms), failing with {@code what} if it never comes. */
    private static void until(BooleanSupplier state, String what) throws InterruptedException {
        long deadline = System.nanoTime() + EVENT.toNanos();
        while (!state.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not reached within " + EVENT.toSeconds() + " s: " + what);
            }
            Thread.sleep(50);
        }
    }
}
