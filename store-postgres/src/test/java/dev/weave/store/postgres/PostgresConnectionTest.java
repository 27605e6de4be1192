package dev.weave.store.postgres;

import dev.weave.api.MigrateResult;
import dev.weave.api.MigrationFailedException;
import dev.weave.api.TargetConfig;
import dev.weave.api.ValidationFailedException;
import dev.weave.api.WeaveConfig;
import dev.weave.core.Weave;
import dev.weave.error.ExitCode;
import dev.weave.error.LockTimeoutException;
import dev.weave.error.MigrationSourceException;
import dev.weave.error.StoreUnreachableException;
import dev.weave.error.WeaveException;
import dev.weave.local.LocalPostgres;
import dev.weave.spi.StoreAdapter;
import dev.weave.spi.StoreConnection;
import dev.weave.spi.TargetSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static dev.weave.store.postgres.PostgresStoreTest.assertNoPassword;
import static dev.weave.store.postgres.PostgresStoreTest.execute;
import static dev.weave.store.postgres.PostgresStoreTest.ledgerRows;
import static dev.weave.store.postgres.PostgresStoreTest.relationExists;
import static dev.weave.store.postgres.PostgresStoreTest.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reaching the server, waiting for it, the advisory lock, and secrets in messages: the parts of the
 * adapter that are about sessions rather than scripts. Real PostgreSQL 17, one database per test.
 */
class PostgresConnectionTest {

    private static final PostgresFixture FIXTURE = PostgresFixture.INSTANCE;
    private static final AtomicInteger TARGETS = new AtomicInteger();
    /** The advisory lock class of {@link AdvisoryLock}: "Weav". */
    private static final long LOCK_CLASS = 0x57656176L;

    @TempDir
    Path folder;

    private String target;
    private Map<String, String> settings;

    @BeforeEach
    void freshTarget(TestInfo info) throws IOException {
        target = "pc" + TARGETS.incrementAndGet() + "_" + info.getTestMethod().orElseThrow().getName()
                .replaceAll("[^A-Za-z0-9]", "").toLowerCase();
        if (target.length() > 40) {
            target = target.substring(0, 40);
        }
        settings = FIXTURE.freshTarget(target);
        Files.writeString(folder.resolve("V1__create_a.sql"), "CREATE TABLE obj_a (id int);\n");
    }

    // ---------------------------------------------------------------- 7. connection

    @Test
    void aWrongPasswordIsExitFourAtOnceAndNeverShowsThePassword() throws SQLException {
        String wrong = "wrong-password-9c1e";
        Map<String, String> bad = with(settings, "password", wrong);
        long t0 = System.nanoTime();

        StoreUnreachableException e = assertThrows(StoreUnreachableException.class,
                () -> weave(bad, b -> b.connectWait(Duration.ofSeconds(20))).migrate(target));

        assertTrue(seconds(t0) < 5, "waiting does not fix credentials: failed after " + seconds(t0) + " s");
        assertEquals(4, e.exitCode());
        assertTrue(e.getMessage().contains("credentials"), e.getMessage());
        assertTrue(e.getMessage().contains(FIXTURE.server.user()), e.getMessage());
        assertNoPassword(e, wrong);
        assertFalse(relationExists(target, "obj_a"));
    }

    @Test
    void anUnknownDatabaseIsExitFourAndSaysItDoesNotExist() {
        FIXTURE.server.dropDatabase("pc_no_such_database");
        Map<String, String> missing = with(settings, "database", "pc_no_such_database");

        StoreUnreachableException e = assertThrows(StoreUnreachableException.class,
                () -> weave(missing, b -> { }).migrate(target));

        assertEquals(ExitCode.STORE_UNREACHABLE, e.kind());
        assertTrue(e.getMessage().contains("pc_no_such_database"), e.getMessage());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        assertNoPassword(e);
    }

    @Test
    void connectWaitWaitsForAServerThatStartsLater(@TempDir Path data) throws Exception {
        int port = PostgresFixture.freePort();
        String password = "late-server-pw-4d2b";
        Map<String, String> late = Map.of("host", "localhost", "port", String.valueOf(port), "user", "postgres",
                "password", password, "database", "postgres");
        AtomicReference<LocalPostgres> started = new AtomicReference<>();
        CompletableFuture<Void> starter = CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(3000);
                started.set(LocalPostgres.start(data.resolve("pgdata"), port, password));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            long t0 = System.nanoTime();
            MigrateResult result = weave(late, b -> b.connectWait(Duration.ofSeconds(30))).migrate(target);
            double waited = seconds(t0);

            starter.get(30, TimeUnit.SECONDS);
            assertEquals("1", result.finalVersion());
            assertTrue(waited >= 3, "migrate could not have succeeded before the server existed: " + waited + " s");
            try (Connection c = DriverManager.getConnection(started.get().jdbcUrl("postgres"), "postgres", password)) {
                assertEquals("obj_a", scalar(c, "SELECT to_regclass('obj_a')::text"));
                assertEquals("1:true", scalar(c, "SELECT version || ':' || success FROM weave_schema_history"));
            }
        } finally {
            starter.handle((ok, failure) -> null).join(); // a start failure was reported by get() above
            if (started.get() != null) {
                started.get().close();
            }
        }
    }

    @Test
    void anUnreachablePortFailsAfterTheConnectWaitAndSaysItWaited() {
        Map<String, String> nowhere = with(settings, "port", String.valueOf(PostgresFixture.freePort()));
        nowhere.put("host", "127.0.0.1");
        long t0 = System.nanoTime();

        StoreUnreachableException e = assertThrows(StoreUnreachableException.class,
                () -> weave(nowhere, b -> b.connectWait(Duration.ofSeconds(2))).migrate(target));

        double waited = seconds(t0);
        assertTrue(waited >= 1.9 && waited < 6, "should give up after about 2 s, took " + waited + " s");
        assertEquals(ExitCode.STORE_UNREACHABLE, e.kind());
        assertTrue(e.getMessage().contains("waited 2 s"), e.getMessage());
        assertTrue(e.getMessage().contains(nowhere.get("port")), e.getMessage());
        assertNoPassword(e);
    }

    // ---------------------------------------------------------------- 8. advisory lock

    @Test
    void aHeldLockMakesMigrateTimeOutWithExitFiveNamingTheHolder() throws SQLException {
        try (StoreConnection other = adapter().connect(targetSettings(settings));
             StoreConnection.Lock held = other.lock(Duration.ofSeconds(5))) {
            int holder = lockHolderPid(target);
            long t0 = System.nanoTime();

            LockTimeoutException e = assertThrows(LockTimeoutException.class,
                    () -> weave(settings, b -> b.lockTimeout(Duration.ofSeconds(1))).migrate(target));

            double waited = seconds(t0);
            assertTrue(waited >= 0.9 && waited < 5, "lock timeout 1 s, waited " + waited + " s");
            assertEquals(5, e.exitCode());
            assertTrue(e.getMessage().contains("held by session pid " + holder), e.getMessage());
            assertTrue(e.getMessage().contains("lock timeout"), e.getMessage());
            assertNoPassword(e);
            assertFalse(relationExists(target, "obj_a"));
        }
        weave(settings, b -> { }).migrate(target);
        assertTrue(relationExists(target, "obj_a"), "a released lock lets the next run in");
    }

    @Test
    void theLockDiesWithItsHoldersSession() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (StoreConnection other = adapter().connect(targetSettings(settings));
             StoreConnection.Lock held = other.lock(Duration.ofSeconds(5))) {
            int holder = lockHolderPid(target);
            Future<MigrateResult> waiting = pool.submit(
                    () -> weave(settings, b -> b.lockTimeout(Duration.ofSeconds(30))).migrate(target));
            Thread.sleep(800);
            assertFalse(waiting.isDone(), "migrate waits while the lock is held");
            assertFalse(relationExists(target, "obj_a"));

            long t0 = System.nanoTime();
            try (Connection third = FIXTURE.connect(target)) {
                assertEquals("t", scalar(third, "SELECT pg_terminate_backend(" + holder + ")"));
            }
            MigrateResult result = waiting.get(10, TimeUnit.SECONDS);

            assertTrue(seconds(t0) < 5, "the lock went with its session; migrate took " + seconds(t0) + " s more");
            assertEquals("1", result.finalVersion());
            assertTrue(relationExists(target, "obj_a"));
            assertEquals(List.of("1:true"), ledgerRows(target, "weave_schema_history"));
        } finally {
            pool.shutdownNow();
        }
        assertNull(lockHolderPidOrNull(target), "no lock is left behind");
    }

    @Test
    void locksOfDifferentDatabasesDoNotBlockEachOther() throws SQLException {
        String otherDb = target + "_b";
        Map<String, String> otherSettings = FIXTURE.freshTarget(otherDb);
        try (StoreConnection other = adapter().connect(targetSettings(otherSettings));
             StoreConnection.Lock held = other.lock(Duration.ofSeconds(5))) {
            weave(settings, b -> b.lockTimeout(Duration.ofSeconds(1))).migrate(target);
            assertTrue(relationExists(target, "obj_a"));
        }
    }

    @Test
    void theTimeoutNamesTheHolderInItsOwnDatabaseNotOneInAnother() throws SQLException {
        String otherDb = target + "_b";
        Map<String, String> otherSettings = FIXTURE.freshTarget(otherDb);
        try (StoreConnection elsewhere = adapter().connect(targetSettings(otherSettings));
             StoreConnection.Lock heldElsewhere = elsewhere.lock(Duration.ofSeconds(5));
             StoreConnection here = adapter().connect(targetSettings(settings));
             StoreConnection.Lock heldHere = here.lock(Duration.ofSeconds(5))) {
            int otherHolder = lockHolderPid(otherDb);
            int holder = lockHolderPid(target);

            LockTimeoutException e = assertThrows(LockTimeoutException.class,
                    () -> weave(settings, b -> b.lockTimeout(Duration.ofSeconds(1))).migrate(target));

            assertTrue(e.getMessage().contains("held by session pid " + holder + " "), e.getMessage());
            assertFalse(e.getMessage().contains("pid " + otherHolder + " "), e.getMessage());
        }
    }

    // ---------------------------------------------------------------- 10. secrets

    @Test
    void noFailureMessageCarriesThePassword() throws Exception {
        String role = target + "_app";
        String password = "Sup3r-Secret-" + role;
        try (Connection c = FIXTURE.connect("postgres")) {
            execute(c, "DROP ROLE IF EXISTS " + role);
            execute(c, "CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
            execute(c, "ALTER DATABASE " + target + " OWNER TO " + role);
        }
        try (Connection c = FIXTURE.connect(target)) {
            execute(c, "ALTER SCHEMA public OWNER TO " + role);
        }
        Map<String, String> app = with(settings, "user", role);
        app.put("password", password);
        List<WeaveException> failures = new ArrayList<>();

        // a failing statement
        Files.writeString(folder.resolve("V2__fails.sql"), "CREATE TABLE obj_b (id int);\nSELECT no_such_function();\n");
        failures.add(assertThrows(MigrationFailedException.class, () -> weave(app, b -> { }).migrate(target)));
        // a no-transaction file failing, then the refused next run
        Files.writeString(folder.resolve("V2__fails.sql"),
                "-- weave:no-transaction\nCREATE TABLE obj_b (id int);\nSELECT no_such_function();\n");
        failures.add(assertThrows(MigrationFailedException.class, () -> weave(app, b -> { }).migrate(target)));
        failures.add(assertThrows(ValidationFailedException.class, () -> weave(app, b -> { }).migrate(target)));
        Files.writeString(folder.resolve("V2__fails.sql"), "-- weave:no-transaction\nCREATE TABLE IF NOT EXISTS obj_b (id int);\n");
        assertEquals(1, weave(app, b -> { }).repair(target).actions().size());
        weave(app, b -> { }).migrate(target);
        // a script refused before it runs
        Files.writeString(folder.resolve("V3__commits.sql"), "COMMIT;\n");
        failures.add(assertThrows(MigrationSourceException.class, () -> weave(app, b -> { }).migrate(target)));
        Files.delete(folder.resolve("V3__commits.sql"));
        // a held lock
        try (StoreConnection other = adapter().connect(targetSettings(app));
             StoreConnection.Lock held = other.lock(Duration.ofSeconds(5))) {
            failures.add(assertThrows(LockTimeoutException.class,
                    () -> weave(app, b -> b.lockTimeout(Duration.ofSeconds(1))).migrate(target)));
        }
        // connections: wrong password, unknown database, nothing listening
        failures.add(assertThrows(StoreUnreachableException.class,
                () -> weave(with(app, "password", password + "-typo"), b -> { }).migrate(target)));
        failures.add(assertThrows(StoreUnreachableException.class,
                () -> weave(with(app, "database", "pc_no_such_db"), b -> { }).migrate(target)));
        failures.add(assertThrows(StoreUnreachableException.class,
                () -> weave(with(app, "port", String.valueOf(PostgresFixture.freePort())), b -> { }).migrate(target)));
        assertEquals(8, failures.size());

        for (WeaveException failure : failures) {
            assertNoPassword(failure, password, password + "-typo");
        }
        assertEquals(List.of("1:true", "2:true"), ledgerRows(target, "weave_schema_history"),
                "the repaired V2 ran; nothing else was recorded");
        try (Connection c = FIXTURE.connect(target)) {
            assertEquals(role, scalar(c, "SELECT DISTINCT installed_by FROM weave_schema_history"));
        }
    }

    // ---------------------------------------------------------------- helpers

    private static StoreAdapter adapter() {
        return Weave.installedStore("postgres", "test");
    }

    private TargetSettings targetSettings(Map<String, String> s) {
        return new TargetSettings(target, "postgres", s, Duration.ZERO);
    }

    /** The backend holding a Weave advisory lock in {@code database}. */
    private static int lockHolderPid(String database) throws SQLException {
        Integer pid = lockHolderPidOrNull(database);
        assertNotNull(pid, "no Weave advisory lock is held in " + database);
        return pid;
    }

    private static Integer lockHolderPidOrNull(String database) throws SQLException {
        try (Connection c = FIXTURE.connect(database);
             PreparedStatement ps = c.prepareStatement("SELECT l.pid FROM pg_locks l JOIN pg_database d ON d.oid = l.database"
                     + " WHERE l.locktype = 'advisory' AND l.granted AND l.classid = ?::oid AND d.datname = ?")) {
            ps.setLong(1, LOCK_CLASS);
            ps.setString(2, database);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : null;
            }
        }
    }

    private Weave weave(Map<String, String> targetSettings, Consumer<WeaveConfig.Builder> tweak) {
        WeaveConfig.Builder b = WeaveConfig.builder()
                .environment(Map.of())
                .location(folder)
                .lockTimeout(Duration.ofSeconds(10))
                .target(new TargetConfig(target, "postgres", folder, targetSettings, false));
        tweak.accept(b);
        return Weave.create(b.build());
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> m = new HashMap<>(base);
        m.put(key, value);
        return m;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
