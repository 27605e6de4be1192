package dev.weave.conformance;

import dev.weave.api.HistoryResult;
import dev.weave.api.InfoLine;
import dev.weave.api.MigrateResult;
import dev.weave.api.MigrationCounts;
import dev.weave.api.MigrationFailedException;
import dev.weave.api.TargetConfig;
import dev.weave.api.ValidationFailedException;
import dev.weave.api.ValidationResult;
import dev.weave.api.WeaveConfig;
import dev.weave.config.StoreAdapters;
import dev.weave.core.Weave;
import dev.weave.error.ConfigurationException;
import dev.weave.error.ExitCode;
import dev.weave.error.LockTimeoutException;
import dev.weave.error.StoreUnreachableException;
import dev.weave.model.EntryType;
import dev.weave.model.LedgerEntry;
import dev.weave.spi.StoreAdapter;
import dev.weave.spi.StoreConnection;
import dev.weave.spi.TargetSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The behaviour every store must show, run against the store's real server. A store module extends
 * this class and supplies a {@link StoreFixture}; a new store is done when this suite is green.
 */
public abstract class StoreConformanceSuite {

    private static final AtomicInteger TARGETS = new AtomicInteger();

    @TempDir
    Path folder;

    private StoreFixture fixture;
    private String target;
    private Map<String, String> settings;

    /** The store's fixture; called once per test. */
    protected abstract StoreFixture fixture();

    @BeforeEach
    void freshTarget(TestInfo info) {
        fixture = fixture();
        target = "t" + TARGETS.incrementAndGet() + "_" + info.getTestMethod().orElseThrow().getName()
                .replaceAll("[^A-Za-z0-9]", "").toLowerCase();
        if (target.length() > 40) {
            target = target.substring(0, 40);
        }
        settings = fixture.freshTarget(target);
    }

    // ---------------------------------------------------------------- applying

    @Test
    void appliesInVersionOrderAndRecordsTheLedger() {
        write("V1__create_a", fixture.createObject("obj_a"));
        write("V2__create_b", fixture.createObject("obj_b"));
        write("V10__create_c", fixture.createObject("obj_c"));
        Instant before = Instant.now().minusSeconds(5);

        MigrateResult result = weave().migrate(target);

        assertEquals(List.of("1", "2", "10"), result.applied().stream().map(m -> m.version()).toList());
        assertNull(result.initialVersion());
        assertEquals("10", result.finalVersion());
        List<LedgerEntry> ledger = history();
        assertEquals(3, ledger.size());
        assertEquals(List.of("1", "2", "10"), ledger.stream().map(LedgerEntry::version).toList());
        assertEquals(List.of(1, 2, 3), ledger.stream().map(LedgerEntry::rank).toList());
        LedgerEntry first = ledger.get(0);
        assertEquals("create a", first.description());
        assertEquals(EntryType.VERSIONED, first.type());
        assertEquals("V1__create_a" + fixture.extension(), first.script());
        assertTrue(first.checksum().startsWith("sha256:"), first.checksum());
        assertTrue(first.success());
        assertNotNull(first.installedBy());
        assertFalse(first.installedBy().isBlank());
        assertTrue(first.installedOn().isAfter(before), "installed on " + first.installedOn());
        assertTrue(first.executionMillis() >= 0);
        for (String name : List.of("obj_a", "obj_b", "obj_c")) {
            assertTrue(fixture.objectExists(settings, name), name + " should exist");
        }
        assertEquals("10", weave().currentVersion(target));
    }

    @Test
    void aSecondRunIsUpToDateAndChangesNothing() {
        write("V1__create_a", fixture.createObject("obj_a"));
        weave().migrate(target);
        List<LedgerEntry> before = history();

        MigrateResult again = weave().migrate(target);

        assertTrue(again.upToDate());
        assertEquals("1", again.finalVersion());
        assertEquals(before, history());
        assertEquals(new MigrationCounts(0, 0, 1, 0, 0, 0, 1), again.counts(), "V1 skipped as already applied");
    }

    @Test
    void aCreatedFileIsRefusedUntilItHoldsAStatement() throws IOException {
        write("V1__create_a", fixture.createObject("obj_a"));
        weave().migrate(target);
        Path created = weave().create(target, "create b").file();
        assertEquals(file("V2__create_b"), created);
        String template = Files.readString(created);
        assertFalse(template.isBlank(), "create writes a template saying what to put in the file");

        dev.weave.error.MigrationSourceException refused = assertThrows(dev.weave.error.MigrationSourceException.class,
                () -> weave().migrate(target));
        assertEquals(created, refused.file());
        assertTrue(refused.getMessage().contains("only blanks and comments"), refused.getMessage());
        assertEquals(ExitCode.USAGE_OR_CONFIGURATION, refused.kind());
        assertEquals(List.of("1"), history().stream().map(LedgerEntry::version).toList(), "nothing recorded");

        Files.writeString(created, template + fixture.createObject("obj_b"));
        assertEquals(List.of("2"), weave().migrate(target).applied().stream().map(m -> m.version()).toList());
        assertTrue(fixture.objectExists(settings, "obj_b"));
    }

    @Test
    void migratesOnlyUpToTheTargetVersion() {
        write("V1__create_a", fixture.createObject("obj_a"));
        write("V2__create_b", fixture.createObject("obj_b"));
        write("V3__create_c", fixture.createObject("obj_c"));

        MigrateResult result = weave().migrate(target, "2", false);

        assertEquals("2", result.finalVersion());
        assertFalse(fixture.objectExists(settings, "obj_c"));
        assertEquals("PENDING", state("3"), "the next run without --target would apply it");
        assertEquals("2", weave().currentVersion(target));
        assertEquals(new MigrationCounts(2, 0, 0, 0, 1, 0, 3), result.counts(), "V3 not run: above --target, not skipped");
    }

    @Test
    void repeatablesRunAfterVersionedOnesAndAgainWhenChanged() {
        write("V1__create_a", fixture.createObject("obj_a"));
        write("R__make_r1", fixture.createObject("obj_r1"));
        MigrateResult first = weave().migrate(target);
        assertEquals(List.of("versioned", "repeatable"), first.applied().stream().map(m -> m.type()).toList());

        assertTrue(weave().migrate(target).upToDate(), "an unchanged repeatable does not run again");

        write("R__make_r1", fixture.combine(fixture.dropObject("obj_r1"), fixture.createObject("obj_r2")));
        // one word for one state: what info calls OUTDATED, validate does not call PENDING
        assertEquals("OUTDATED", weave().info(target).migrations().stream().filter(l -> l.version() == null)
                .findFirst().orElseThrow().state());
        ValidationResult outdated = weave().validate(target, false);
        assertEquals(ValidationResult.Outcome.PENDING, outdated.outcome(), "a migrate fixes it: behind, not invalid");
        assertEquals(List.of("OUTDATED"), outdated.problems().stream().map(ValidationResult.Problem::kind).toList());
        assertTrue(outdated.problems().get(0).message().contains("changed since it was applied"), outdated.toString());
        assertTrue(weave().validate(target, true).isValid(), "--ignore-pending ignores what a migrate would run");
        MigrateResult changed = weave().migrate(target);
        assertEquals(1, changed.applied().size());
        assertEquals(new MigrationCounts(1, 0, 1, 0, 0, 0, 2), changed.counts(), "V1 skipped, the repeatable applied");
        assertTrue(fixture.objectExists(settings, "obj_r2"));
        assertEquals(3, history().size());
    }

    @Test
    void placeholdersAreSubstitutedAfterTheChecksum() {
        write("V1__create_placeholder", fixture.createObject("${objname}"));
        weave(b -> b.placeholder("objname", "obj_from_placeholder")).migrate(target);
        assertTrue(fixture.objectExists(settings, "obj_from_placeholder"));

        ValidationResult validation = weave(b -> b.placeholder("objname", "another_value")).validate(target, false);
        assertEquals(ValidationResult.Outcome.VALID, validation.outcome(), "a placeholder value is not an edit");
    }

    @Test
    void callbacksRunAroundMigrate() {
        write("V1__create_a", fixture.createObject("obj_a"));
        write("beforeMigrate", fixture.createObject("obj_before"));
        write("afterMigrate", fixture.createObject("obj_after"));

        weave().migrate(target);

        assertTrue(fixture.objectExists(settings, "obj_before"));
        assertTrue(fixture.objectExists(settings, "obj_after"));
        assertEquals(1, history().size(), "callbacks are not recorded");
    }

    @Test
    void dryRunShowsWhatWouldRunAndChangesNothing() {
        write("V1__create_a", fixture.createObject("${objname}"));
        write("V2__create_b", fixture.createObject("obj_b"));

        MigrateResult result = weave(b -> b.placeholder("objname", "obj_a")).migrate(target, null, true);

        assertTrue(result.dryRun());
        assertEquals(List.of("1", "2"), result.applied().stream().map(m -> m.version()).toList());
        assertEquals(fixture.createObject("obj_a"), result.applied().get(0).text());
        assertEquals("2", result.finalVersion());
        assertFalse(fixture.objectExists(settings, "obj_a"));
        assertFalse(fixture.objectExists(settings, "obj_b"));
        assertTrue(history().isEmpty());
    }

    // ---------------------------------------------------------------- validation and drift

    @Test
    void pendingMigrationsAreReportedByValidate() {
        write("V1__create_a", fixture.createObject("obj_a"));
        weave().migrate(target);
        write("V2__create_b", fixture.createObject("obj_b"));

        ValidationResult result = weave().validate(target, false);
        assertEquals(ValidationResult.Outcome.PENDING, result.outcome());
        assertEquals("PENDING", result.problems().get(0).kind());
        assertEquals(ValidationResult.Outcome.VALID, weave().validate(target, true).outcome());
    }

    @Test
    void anEditedAppliedMigrationIsDriftUntilRepaired() {
        write("V1__create_a", fixture.createObject("obj_a"));
        weave().migrate(target);
        write("V1__create_a", fixture.combine(fixture.createObject("obj_a"), fixture.createObject("obj_z")));
        write("V2__create_b", fixture.createObject("obj_b"));

        ValidationResult result = weave().validate(target, true);
        assertEquals(ValidationResult.Outcome.INVALID, result.outcome());
        assertEquals("CHECKSUM_MISMATCH", result.problems().get(0).kind());
        assertTrue(result.problems().get(0).message().contains("V1__create_a" + fixture.extension()));

        ValidationFailedException refused = assertThrows(ValidationFailedException.class, () -> weave().migrate(target));
        assertEquals(ExitCode.VALIDATION_PROBLEMS, refused.kind());
        assertTrue(refused.getMessage().contains("edited after it was applied"), refused.getMessage());
        assertFalse(fixture.objectExists(settings, "obj_b"), "nothing runs while the ledger disagrees");

        assertEquals(1, weave().repair(target).actions().size());
        assertEquals(ValidationResult.Outcome.VALID, weave().validate(target, true).outcome());
        assertEquals(1, weave().migrate(target).applied().size());
    }

    @Test
    void lineEndingsAndByteOrderMarksAreNotDrift() throws IOException {
        String text = fixture.createObject("obj_a");
        write("V1__create_a", text + "\n");
        weave().migrate(target);

        byte[] crlf = ("\uFEFF" + text.replace("\n", "\r\n") + "\r\n").getBytes(StandardCharsets.UTF_8);
        Files.write(file("V1__create_a"), crlf);

        assertEquals(ValidationResult.Outcome.VALID, weave().validate(target, false).outcome());
    }

    @Test
    void aDeletedAppliedFileIsMissingUntilRepaired() throws IOException {
        write("V1__create_a", fixture.createObject("obj_a"));
        write("V2__create_b", fixture.createObject("obj_b"));
        weave().migrate(target);
        Files.delete(file("V2__create_b"));

        ValidationResult result = weave().validate(target, false);
        assertEquals("MISSING", result.problems().get(0).kind());
        assertThrows(ValidationFailedException.class, () -> weave().migrate(target));

        weave().repair(target);
        assertEquals(ValidationResult.Outcome.VALID, weave().validate(target, false).outcome());
        assertEquals("DELETED", state("2"));
    }

    @Test
    void aLowerVersionAddedLaterIsRefusedUnlessOutOfOrder() {
        write("V1__create_a", fixture.createObject("obj_a"));
        write("V3__create_c", fixture.createObject("obj_c"));
        weave().migrate(target);
        write("V2__create_b", fixture.createObject("obj_b"));

        ValidationFailedException refused = assertThrows(ValidationFailedException.class, () -> weave().migrate(target));
        assertTrue(refused.getMessage().contains("--out-of-order"), refused.getMessage());
        assertFalse(fixture.objectExists(settings, "obj_b"));

        weave(b -> b.outOfOrder(true)).migrate(target);
        assertTrue(fixture.objectExists(settings, "obj_b"));
        assertEquals("3", weave().currentVersion(target));
    }

    // ---------------------------------------------------------------- failures

    @Test
    void aFailedMigrationIsNeverRecordedAsSuccessAndBlocksUntilFixed() {
        write("V1__create_a", fixture.createObject("obj_a"));
        write("V2__broken", fixture.failingScript("obj_partial"));
        write("V3__create_c", fixture.createObject("obj_c"));

        MigrationFailedException failure = assertThrows(MigrationFailedException.class, () -> weave().migrate(target));

        assertEquals(ExitCode.MIGRATION_FAILED, failure.kind());
        assertTrue(failure.getMessage().contains("V2__broken" + fixture.extension() + ":3"), failure.getMessage());
        assertTrue(history().stream().noneMatch(e -> "2".equals(e.version()) && e.success()));
        assertTrue(fixture.objectExists(settings, "obj_a"), "V1 committed before V2 failed");
        assertFalse(fixture.objectExists(settings, "obj_c"), "nothing runs after a failure");

        if (fixture.transactional()) {
            assertFalse(fixture.objectExists(settings, "obj_partial"), "the failed migration was rolled back");
            assertTrue(history().stream().noneMatch(e -> "2".equals(e.version())));
        } else {
            assertTrue(history().stream().anyMatch(e -> "2".equals(e.version()) && !e.success()));
            ValidationFailedException blocked = assertThrows(ValidationFailedException.class, () -> weave().migrate(target));
            assertTrue(blocked.getMessage().contains("repair"), blocked.getMessage());
            write("V2__broken", fixture.dropObject("obj_partial"));
            weave().repair(target);
        }
        write("V2__broken", fixture.createObject("obj_fixed"));
        MigrateResult fixed = weave().migrate(target);
        assertEquals("3", fixed.finalVersion());
        assertTrue(fixture.objectExists(settings, "obj_fixed"));
        assertTrue(history().stream().anyMatch(e -> "2".equals(e.version()) && e.success()));
    }

    @Test
    void anUnreachableStoreIsReportedWithExitFour() {
        Map<String, String> nowhere = fixture.unreachableTarget(target);
        write("V1__create_a", fixture.createObject("obj_a"));
        StoreUnreachableException e = assertThrows(StoreUnreachableException.class,
                () -> weave(nowhere, b -> { }).migrate(target));
        assertEquals(ExitCode.STORE_UNREACHABLE, e.kind());
    }

    @Test
    void wrongCredentialsAreReportedWithoutThePassword() {
        Optional<Map<String, String>> wrong = fixture.wrongCredentialsTarget(target);
        assumeTrue(wrong.isPresent(), "this server does not check credentials");
        write("V1__create_a", fixture.createObject("obj_a"));
        StoreUnreachableException e = assertThrows(StoreUnreachableException.class,
                () -> weave(wrong.get(), b -> { }).migrate(target));
        String password = wrong.get().get("password");
        assertFalse(password != null && e.getMessage().contains(password), e.getMessage());
        assertTrue(e.getMessage().contains("credentials"), e.getMessage());
    }

    // ---------------------------------------------------------------- baseline, clean, undo

    @Test
    void baselineSkipsTheVersionsAtOrBelowIt() {
        write("V1__create_a", fixture.createObject("obj_a"));
        write("V2__create_b", fixture.createObject("obj_b"));
        write("V3__create_c", fixture.createObject("obj_c"));

        weave().baseline(target, "2", null);
        MigrateResult result = weave().migrate(target);

        assertEquals(List.of("3"), result.applied().stream().map(m -> m.version()).toList());
        assertFalse(fixture.objectExists(settings, "obj_a"));
        assertEquals("BELOW_BASELINE", state("1"));
        assertEquals(EntryType.BASELINE, history().get(0).type());
        ConfigurationException again = assertThrows(ConfigurationException.class, () -> weave().baseline(target, "3", null));
        assertTrue(again.getMessage().contains("baseline only starts an empty ledger"), again.getMessage());
    }

    @Test
    void cleanNeedsForceAndRemovesTheLedgerOrEverything() {
        write("V1__create_a", fixture.createObject("obj_a"));
        weave().migrate(target);

        ConfigurationException refused = assertThrows(ConfigurationException.class, () -> weave().clean(target, false, false));
        assertEquals(ExitCode.USAGE_OR_CONFIGURATION, refused.kind());
        assertTrue(refused.getMessage().contains("--force"));
        assertEquals(1, history().size());

        weave().clean(target, true, false);
        assertTrue(history().isEmpty());
        assertTrue(fixture.objectExists(settings, "obj_a"), "a plain clean keeps the migrations' objects");

        weave().clean(target, true, true);
        assertFalse(fixture.objectExists(settings, "obj_a"));
        weave().migrate(target);
        assertTrue(fixture.objectExists(settings, "obj_a"), "migrate works again after clean");
    }

    @Test
    void cleanCanBeForbiddenForATarget() {
        write("V1__create_a", fixture.createObject("obj_a"));
        weave().migrate(target);
        Weave guarded = Weave.create(config(settings, b -> { }).toBuilder()
                .target(new TargetConfig(target, fixture.storeType(), folder, settings, true)).build());
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> guarded.clean(target, true, true));
        assertTrue(e.getMessage().contains("disabled"), e.getMessage());
        assertTrue(fixture.objectExists(settings, "obj_a"));
    }

    @Test
    void undoReversesTheLatestVersionWithItsUndoFile() {
        write("V1__create_a", fixture.createObject("obj_a"));
        write("V2__create_b", fixture.createObject("obj_b"));
        write("U2__drop_b", fixture.dropObject("obj_b"));
        weave().migrate(target);

        var undo = weave().undo(target, null, false);

        assertEquals("1", undo.finalVersion());
        assertFalse(fixture.objectExists(settings, "obj_b"));
        assertTrue(fixture.objectExists(settings, "obj_a"));
        assertEquals(EntryType.UNDO, history().get(history().size() - 1).type());
        assertEquals("UNDONE", state("2"));

        assertEquals(List.of("2"), weave().migrate(target).applied().stream().map(m -> m.version()).toList());
        assertTrue(fixture.objectExists(settings, "obj_b"));
    }

    @Test
    void undoWithoutAnUndoFileChangesNothing() {
        write("V1__create_a", fixture.createObject("obj_a"));
        write("V2__create_b", fixture.createObject("obj_b"));
        write("U2__drop_b", fixture.dropObject("obj_b"));
        weave().migrate(target);

        ConfigurationException e = assertThrows(ConfigurationException.class, () -> weave().undo(target, "0", false));
        assertTrue(e.getMessage().contains("U1__*"), e.getMessage());
        assertTrue(fixture.objectExists(settings, "obj_b"));
        assertEquals(2, history().size());
    }

    // ---------------------------------------------------------------- locking

    @Test
    void aHeldLockKeepsASecondRunnerOut() {
        write("V1__create_a", fixture.createObject("obj_a"));
        StoreAdapter adapter = StoreAdapters.load().find(fixture.storeType()).orElseThrow();
        TargetSettings targetSettings = new TargetSettings(target, fixture.storeType(), settings, Duration.ZERO);
        try (StoreConnection other = adapter.connect(targetSettings);
             StoreConnection.Lock held = other.lock(Duration.ofSeconds(5))) {
            LockTimeoutException e = assertThrows(LockTimeoutException.class,
                    () -> weave(b -> b.lockTimeout(Duration.ofSeconds(1))).migrate(target));
            assertEquals(ExitCode.LOCK_NOT_ACQUIRED, e.kind());
            assertFalse(fixture.objectExists(settings, "obj_a"));
        }
        weave().migrate(target);
        assertTrue(fixture.objectExists(settings, "obj_a"));
    }

    /** The core's first try: ZERO does not wait, and the same connection takes the lock once it is free. */
    @Test
    void aZeroTimeoutTriesOnceAndTheConnectionMayAskAgain() {
        StoreAdapter adapter = StoreAdapters.load().find(fixture.storeType()).orElseThrow();
        TargetSettings targetSettings = new TargetSettings(target, fixture.storeType(), settings, Duration.ZERO);
        try (StoreConnection asking = adapter.connect(targetSettings)) {
            try (StoreConnection other = adapter.connect(targetSettings);
                 StoreConnection.Lock held = other.lock(Duration.ofSeconds(5))) {
                long t0 = System.nanoTime();
                assertThrows(LockTimeoutException.class, () -> asking.lock(Duration.ZERO));
                assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(30), "ZERO must not wait for the holder");
            }
            try (StoreConnection.Lock mine = asking.lock(Duration.ofSeconds(30))) {
                assertNotNull(mine);
            }
        }
        write("V1__create_a", fixture.createObject("obj_a"));
        weave().migrate(target);
        assertTrue(fixture.objectExists(settings, "obj_a"), "the lock was released");
    }

    @Test
    void concurrentRunnersApplyEachMigrationExactlyOnce() throws Exception {
        for (int i = 1; i <= 5; i++) {
            write("V" + i + "__create_" + i, fixture.createObject("obj_" + i));
        }
        int runners = 4;
        ExecutorService pool = Executors.newFixedThreadPool(runners);
        try {
            List<Callable<MigrateResult>> jobs = new ArrayList<>();
            for (int i = 0; i < runners; i++) {
                jobs.add(() -> weave().migrate(target));
            }
            List<Future<MigrateResult>> results = pool.invokeAll(jobs, 120, TimeUnit.SECONDS);
            int applied = 0;
            for (Future<MigrateResult> f : results) {
                applied += f.get().applied().size();
            }
            assertEquals(5, applied, "every migration applied exactly once across all runners");
        } finally {
            pool.shutdownNow();
        }
        List<LedgerEntry> ledger = history();
        assertEquals(List.of("1", "2", "3", "4", "5"), ledger.stream().map(LedgerEntry::version).toList());
    }

    // ---------------------------------------------------------------- helpers

    private String state(String version) {
        return weave().info(target).migrations().stream().filter(l -> version.equals(l.version()))
                .map(InfoLine::state).findFirst().orElse("(no line)");
    }

    private List<LedgerEntry> history() {
        HistoryResult h = weave().history(target);
        return h.entries();
    }

    protected Weave weave() {
        return weave(b -> { });
    }

    private Weave weave(java.util.function.Consumer<WeaveConfig.Builder> tweak) {
        return weave(settings, tweak);
    }

    private Weave weave(Map<String, String> targetSettings, java.util.function.Consumer<WeaveConfig.Builder> tweak) {
        return Weave.create(config(targetSettings, tweak));
    }

    private WeaveConfig config(Map<String, String> targetSettings, java.util.function.Consumer<WeaveConfig.Builder> tweak) {
        WeaveConfig.Builder b = WeaveConfig.builder()
                .environment(Collections.emptyMap())
                .location(folder)
                .lockTimeout(Duration.ofSeconds(60))
                .target(new TargetConfig(target, fixture.storeType(), folder, targetSettings, false));
        tweak.accept(b);
        return b.build();
    }

    private Path file(String base) {
        return folder.resolve(base + fixture.extension());
    }

    private void write(String base, String text) {
        try {
            Files.writeString(file(base), text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** For subclasses that add store-specific tests on the same fresh target. */
    protected String target() {
        return target;
    }

    protected Map<String, String> settings() {
        return settings;
    }

    protected Path folder() {
        return folder;
    }
}
