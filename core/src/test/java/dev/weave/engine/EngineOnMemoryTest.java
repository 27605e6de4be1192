package dev.weave.engine;

import dev.weave.api.MigrateAllOptions;
import dev.weave.api.MigrateAllResult;
import dev.weave.api.MigrateAllResult.Status;
import dev.weave.api.MigrateAllResult.TargetRun;
import dev.weave.api.TargetConfig;
import dev.weave.api.WeaveConfig;
import dev.weave.core.Weave;
import dev.weave.error.ConfigurationException;
import dev.weave.testing.memory.MemoryServer;
import dev.weave.testing.memory.MemoryStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's cross-target logic (depends-on order, failure policy, fan-out, the dry-run schedule) on the
 * in-memory store: no server, so these run in milliseconds and every branch can be driven on purpose. What a
 * store does with a script stays tested against the real servers.
 */
class EngineOnMemoryTest {

    @TempDir
    Path root;

    private String prefix;
    private final List<TargetConfig> targets = new ArrayList<>();
    private Duration lockTimeout = Duration.ofSeconds(30);

    @BeforeEach
    void names(TestInfo info) {
        prefix = info.getTestMethod().orElseThrow().getName().replaceAll("[^A-Za-z]", "").toLowerCase() + System.nanoTime();
    }

    @Test
    void aDependentMigrationRunsOnlyAfterTheVersionItNames() {
        target("a", Map.of("V1__one.mem", "create a1\n", "V2__two.mem", "create a2\n"));
        target("b", Map.of("V1__uses_a.mem", "-- depends-on: a:2\ncreate b1\n"));

        MigrateAllResult result = weave().migrateAll(options(false, false));

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(Status.APPLIED, run(result, "a").status());
        assertEquals(Status.APPLIED, run(result, "b").status());
        int aTwo = MemoryServer.appliedAt(db("a"), "V2__two.mem");
        int bOne = MemoryServer.appliedAt(db("b"), "V1__uses_a.mem");
        assertTrue(aTwo >= 0 && bOne > aTwo, "b's V1 ran at " + bOne + ", before a's V2 at " + aTwo);
        assertEquals(Set.of("b1"), MemoryServer.objects(db("b")));
    }

    @Test
    void aFailingTargetBlocksItsDependentsAndLeavesIndependentTargetsAlone() {
        target("a", Map.of("V1__broken.mem", "create a1\nfail the file is wrong\n"));
        target("b", Map.of("V1__needs_a.mem", "-- depends-on: a:1\ncreate b1\n"));
        target("c", Map.of("V1__alone.mem", "create c1\n"));

        MigrateAllResult result = weave().migrateAll(options(true, false));

        assertEquals(1, result.exitCode(), result.toString());
        assertEquals(Status.FAILED, run(result, "a").status());
        assertEquals(Status.BLOCKED, run(result, "b").status());
        assertEquals(Status.APPLIED, run(result, "c").status());
        assertEquals(Set.of(), MemoryServer.objects(db("a")), "one transaction: the failed file left nothing");
        assertEquals(Set.of(), MemoryServer.objects(db("b")));
        assertEquals(Set.of("c1"), MemoryServer.objects(db("c")));
    }

    /**
     * b's lock wait and a's wait for b:1 end at the same lock timeout. a's message must say b is locked by
     * another runner even when a looks in the moment between b giving up its lock wait and b's run being
     * recorded as finished (CI once saw "b has not started in this run" there): the memory store holds b's
     * run in that moment until a has finished.
     */
    @Test
    void aWaitOnATargetWhoseLockAnotherRunnerKeepsSaysSoAtTheLockTimeout() {
        target("a", Map.of("V1__one.mem", "create a1\n", "V2__needs_b.mem", "-- depends-on: " + name("b") + ":1\ncreate a2\n"));
        target("b", Map.of("V1__one.mem", "create b1\n"));
        MemoryServer.holdLock(db("b"));
        var aFinished = MemoryServer.lockReleases(db("a"));
        MemoryServer.afterLockWaitGaveUp(db("b"), () -> {
            try {
                assertTrue(aFinished.await(30, java.util.concurrent.TimeUnit.SECONDS), "a did not finish");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            lockTimeout = Duration.ofMillis(300);
            MigrateAllResult result = weave().migrateAll(options(false, false));

            assertEquals(5, result.exitCode(), result.toString());
            TargetRun a = run(result, "a");
            assertEquals(Status.BLOCKED, a.status(), result.toString());
            assertTrue(a.error().contains("target " + name("a") + " waits for " + name("b") + ":1 (needed by V2__needs_b.mem); "
                    + name("b") + " is locked by another runner"), a.error());
            assertEquals(Set.of("a1"), MemoryServer.objects(db("a")), "a:1 stays applied, nothing of a:2");
            assertEquals(Status.FAILED, run(result, "b").status(), result.toString());
        } finally {
            MemoryServer.releaseLock(db("b"));
        }
    }

    @Test
    void aDependencyOnAVersionNoTargetHasIsRefusedBeforeAnythingRuns() {
        target("a", Map.of("V1__one.mem", "create a1\n"));
        target("b", Map.of("V1__uses_a.mem", "-- depends-on: a:7\ncreate b1\n"));

        ConfigurationException e = assertThrows(ConfigurationException.class, () -> weave().migrateAll(options(false, false)));

        assertTrue(e.getMessage().contains("V1__uses_a.mem"), e.getMessage());
        assertTrue(e.getMessage().contains("a:7"), e.getMessage());
        assertEquals(Set.of(), MemoryServer.objects(db("a")), "nothing ran");
    }

    @Test
    void aDryRunSchedulesAcrossTargetsAndChangesNothing() {
        target("a", Map.of("V1__one.mem", "create a1\n"));
        target("b", Map.of("V1__uses_a.mem", "-- depends-on: a:1\ncreate b1\n"));

        MigrateAllResult result = weave().migrateAll(options(false, true));

        assertTrue(result.dryRun());
        List<String> steps = result.schedule().stream().map(s -> s.target() + ":" + s.version() + " after " + s.after()).toList();
        assertEquals(List.of(name("a") + ":1 after []", name("b") + ":1 after [" + name("a") + ":1]"), steps);
        assertEquals(Set.of(), MemoryServer.objects(db("a")));
        assertEquals(Set.of(), MemoryServer.objects(db("b")));
    }

    @Test
    void aFanOutTargetMigratesEveryDatabaseItsPatternLists() throws IOException {
        MemoryServer.create(prefix + "_tenant_1");
        MemoryServer.create(prefix + "_tenant_2");
        Path folder = Files.createDirectories(root.resolve("tenants"));
        Files.writeString(folder.resolve("V1__schema.mem"), "create accounts\n");
        targets.add(new TargetConfig("tenants", MemoryStore.TYPE, folder, Map.of(), false, List.of(prefix + "_tenant_*")));

        MigrateAllResult result = weave().migrateAll(options(false, false));

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(List.of("tenants." + prefix + "_tenant_1", "tenants." + prefix + "_tenant_2"),
                result.targets().stream().map(TargetRun::target).sorted().toList());
        assertEquals(Set.of("accounts"), MemoryServer.objects(prefix + "_tenant_1"));
        assertEquals(Set.of("accounts"), MemoryServer.objects(prefix + "_tenant_2"));

        MigrateAllResult again = weave().migrateAll(options(false, false));
        assertTrue(again.targets().stream().allMatch(t -> t.status() == Status.UP_TO_DATE), again.toString());
    }

    /**
     * --parallel bounds the connections, not only the migrations running: before, a target gave its permit back
     * while it asked for its lock (even a free one), so each target let one more connect, and a fan-out over 200
     * PostgreSQL databases had them all open at once ("too many clients already").
     */
    @Test
    void aFanOutKeepsNoMoreConnectionsOpenThanItRunsTargets() throws IOException {
        for (int i = 1; i <= 12; i++) {
            MemoryServer.create(prefix + "_tenant_" + i);
        }
        Path folder = Files.createDirectories(root.resolve("tenants"));
        Files.writeString(folder.resolve("V1__schema.mem"), "create accounts\n");
        Files.writeString(folder.resolve("V2__more.mem"), "create orders\n");
        targets.add(new TargetConfig("tenants", MemoryStore.TYPE, folder, Map.of(), false, List.of(prefix + "_tenant_*")));
        MemoryServer.watchConnections(prefix + "_tenant_");

        MigrateAllResult result = weave().migrateAll(new MigrateAllOptions(Set.of(), Set.of(), 2, false, false));

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(12, result.targets().size());
        for (int i = 1; i <= 12; i++) {
            assertEquals(Set.of("accounts", "orders"), MemoryServer.objects(prefix + "_tenant_" + i));
        }
        int most = MemoryServer.mostOpenAtOnce(prefix + "_tenant_");
        assertTrue(most >= 1 && most <= 2, "at most --parallel 2 connections at once, was " + most);
    }

    // ---------------------------------------------------------------- helpers

    @Test
    void aSettingGivenForOneTargetReachesThatTargetOnly() {
        target("a", Map.of("V1__one.mem", "create a1\n"));
        target("b", Map.of("V1__one.mem", "create b1\n"));
        WeaveConfig config = config().targetSetting(name("a"), "server", "down").build();

        MigrateAllResult result = Weave.create(config).migrateAll(options(true, false));

        assertEquals(Status.FAILED, run(result, "a").status());
        assertTrue(run(result, "a").error().contains("never answers"), run(result, "a").error());
        assertEquals(Status.APPLIED, run(result, "b").status());
    }

    @Test
    void settingsOrAClientForATargetThatDoesNotExistAreRefused() {
        target("a", Map.of("V1__one.mem", "create a1\n"));
        ConfigurationException unknown = assertThrows(ConfigurationException.class,
                () -> Weave.create(config().targetSetting("nosuch", "server", "local").build()).migrateAll(options(false, false)));
        assertTrue(unknown.getMessage().contains("'nosuch', which does not exist") && unknown.getMessage().contains(name("a")),
                unknown.getMessage());

        ConfigurationException misspelt = assertThrows(ConfigurationException.class,
                () -> Weave.create(config().targetSetting(name("a"), "sever", "local").build()).migrateAll(options(false, false)));
        assertTrue(misspelt.getMessage().contains("'sever'") && misspelt.getMessage().contains("server"), misspelt.getMessage());
    }

    @Test
    void aClientTheStoreCannotUseIsRefusedNamingWhatItRunsThrough() {
        target("a", Map.of("V1__one.mem", "create a1\n"));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Weave.create(config().client(name("a"), new StringBuilder()).build()).migrate(name("a")));
        assertTrue(e.getMessage().contains("java.lang.StringBuilder") && e.getMessage().contains("its own connections only"),
                e.getMessage());
    }

    private String name(String target) {
        return prefix + "_" + target;
    }

    private String db(String target) {
        return name(target);
    }

    private void target(String name, Map<String, String> files) {
        try {
            Path folder = Files.createDirectories(root.resolve(name(name)));
            for (var file : files.entrySet()) {
                Files.writeString(folder.resolve(file.getKey()), file.getValue().replace("depends-on: a:",
                        "depends-on: " + name("a") + ":"));
            }
            targets.add(new TargetConfig(name(name), MemoryStore.TYPE, folder, Map.of("database", db(name)), false));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Weave weave() {
        return Weave.create(config().build());
    }

    private WeaveConfig.Builder config() {
        WeaveConfig.Builder b = WeaveConfig.builder().environment(Map.of()).location(root).lockTimeout(lockTimeout);
        targets.forEach(b::target);
        return b;
    }

    private static MigrateAllOptions options(boolean keepGoing, boolean dryRun) {
        return new MigrateAllOptions(Set.of(), Set.of(), 4, keepGoing, dryRun);
    }

    private TargetRun run(MigrateAllResult result, String target) {
        return result.targets().stream().filter(t -> t.target().equals(name(target))).findFirst().orElseThrow();
    }
}
