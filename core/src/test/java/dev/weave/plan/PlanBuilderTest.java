package dev.weave.plan;

import dev.weave.discovery.Checksums;
import dev.weave.discovery.ResolvedMigrations;
import dev.weave.model.EntryType;
import dev.weave.model.LedgerEntry;
import dev.weave.model.MigrationFile;
import dev.weave.model.MigrationKind;
import dev.weave.model.MigrationVersion;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlanBuilderTest {

    private static final Instant ON = Instant.parse("2024-01-15T10:00:00Z");
    private static final PlanBuilder LATEST = new PlanBuilder(null, false);

    // ---- fixtures ----

    private static MigrationFile v(String version, String description) {
        return v(version, description, "-- V" + version + " " + description + "\n");
    }

    private static MigrationFile v(String version, String description, String text) {
        String script = "V" + version + "__" + description.replace(' ', '_') + ".sql";
        return new MigrationFile(MigrationKind.VERSIONED, MigrationVersion.parse(version), description, script,
                Path.of(script), text, Checksums.of(text), null);
    }

    private static MigrationFile r(String description, String text) {
        String script = "R__" + description.replace(' ', '_') + ".sql";
        return new MigrationFile(MigrationKind.REPEATABLE, null, description, script, Path.of(script), text,
                Checksums.of(text), null);
    }

    private static ResolvedMigrations files(MigrationFile... files) {
        List<MigrationFile> versioned = new ArrayList<>();
        List<MigrationFile> repeatables = new ArrayList<>();
        for (MigrationFile f : files) {
            (f.kind() == MigrationKind.REPEATABLE ? repeatables : versioned).add(f);
        }
        versioned.sort(Comparator.comparing(MigrationFile::version));
        repeatables.sort(Comparator.comparing(MigrationFile::description));
        return new ResolvedMigrations(versioned, Map.of(), repeatables, Map.of());
    }

    /** A successful ledger entry for a file as migrate writes it. */
    private static LedgerEntry applied(int rank, MigrationFile f) {
        return new LedgerEntry(rank, f.version() == null ? null : f.version().text(), f.description(),
                f.kind() == MigrationKind.REPEATABLE ? EntryType.REPEATABLE : EntryType.VERSIONED, f.script(),
                f.checksum(), "ci", ON, 5, true);
    }

    private static LedgerEntry failed(int rank, MigrationFile f) {
        LedgerEntry ok = applied(rank, f);
        return new LedgerEntry(rank, ok.version(), ok.description(), ok.type(), ok.script(), ok.checksum(), "ci", ON, 5, false);
    }

    private static LedgerEntry entry(int rank, String version, String description, EntryType type, String checksum,
                                     boolean success) {
        return new LedgerEntry(rank, version, description, type, "script-" + rank, checksum, "ci", ON, 1, success);
    }

    private static MigrationVersion ver(String text) {
        return MigrationVersion.parse(text);
    }

    private static PlannedMigration line(Plan plan, String label) {
        return plan.migrations().stream().filter(m -> m.label().equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no line " + label + " in " + labels(plan)));
    }

    private static List<String> labels(Plan plan) {
        return plan.migrations().stream().map(PlannedMigration::label).toList();
    }

    private static List<String> states(Plan plan) {
        return plan.migrations().stream().map(m -> m.label() + "=" + m.state()).toList();
    }

    private static List<String> toRun(Plan plan) {
        return plan.toRun().stream().map(MigrationFile::label).toList();
    }

    // ---- versioned ----

    @Test
    void freshLedgerEverythingIsPending() {
        MigrationFile v1 = v("1", "create users");
        MigrationFile v2 = v("2", "add index");
        MigrationFile views = r("views", "CREATE VIEW v AS SELECT 1;");
        Plan plan = LATEST.build(files(v1, v2, views), List.of());

        assertEquals(List.of("V1 create users=PENDING", "V2 add index=PENDING", "R views=PENDING"), states(plan));
        assertEquals(Optional.empty(), plan.current());
        assertEquals(List.of(v1, v2, views), plan.toRun());
        assertTrue(plan.problems().isEmpty());
        assertEquals(3, plan.pending().size());
        assertEquals(3, plan.count(MigrationState.PENDING));
        PlannedMigration first = plan.migrations().get(0);
        assertSame(v1, first.file());
        assertNull(first.entry());
        assertEquals("versioned", first.type());
        assertEquals("V1__create_users.sql", first.script());
    }

    @Test
    void emptyFilesAndEmptyLedger() {
        Plan plan = LATEST.build(files(), List.of());
        assertTrue(plan.migrations().isEmpty());
        assertTrue(plan.toRun().isEmpty());
        assertEquals(Optional.empty(), plan.current());
    }

    @Test
    void appliedAndPending() {
        MigrationFile v1 = v("1", "a");
        MigrationFile v2 = v("2", "b");
        MigrationFile v3 = v("3", "c");
        Plan plan = LATEST.build(files(v1, v2, v3), List.of(applied(1, v1), applied(2, v2)));

        assertEquals(List.of("V1 a=APPLIED", "V2 b=APPLIED", "V3 c=PENDING"), states(plan));
        assertEquals(Optional.of(ver("2")), plan.current());
        assertEquals(List.of(v3), plan.toRun());
        assertEquals(2, plan.count(MigrationState.APPLIED));
        PlannedMigration line = line(plan, "V2 b");
        assertEquals(2, line.entry().rank());
        assertSame(v2, line.file());
    }

    @Test
    void ledgerVersionTextMatchesAnEqualFileVersion() {
        MigrationFile v1 = v("1", "a");
        MigrationFile v2 = v("002", "b");
        LedgerEntry e1 = entry(1, "1.0", "a", EntryType.VERSIONED, v1.checksum(), true);
        LedgerEntry e2 = entry(2, "2", "b", EntryType.VERSIONED, v2.checksum(), true);
        Plan plan = LATEST.build(files(v1, v2), List.of(e1, e2));
        assertEquals(List.of("V1 a=APPLIED", "V002 b=APPLIED"), states(plan));
        assertEquals(2, plan.migrations().size(), "no MISSING line for 1.0 / 2");
        assertTrue(plan.toRun().isEmpty());
    }

    @Test
    void editedFileIsAChecksumMismatch() {
        MigrationFile original = v("1", "a", "CREATE TABLE a();\n");
        MigrationFile edited = v("1", "a", "CREATE TABLE a(id int);\n");
        MigrationFile v2 = v("2", "b");
        Plan plan = LATEST.build(files(edited, v2), List.of(applied(1, original)));

        PlannedMigration line = line(plan, "V1 a");
        assertEquals(MigrationState.CHECKSUM_MISMATCH, line.state());
        assertTrue(line.state().isProblem());
        assertEquals(List.of(line), plan.problems());
        assertEquals(original.checksum(), line.entry().checksum());
        assertEquals(edited.checksum(), line.file().checksum());
        assertEquals(List.of(v2), plan.toRun(), "the edited file is never re-run");
        assertEquals(Optional.of(ver("1")), plan.current());
    }

    @Test
    void storedChecksumOfAnotherAlgorithmIsAMismatch() {
        MigrationFile v1 = v("1", "a");
        Plan plan = LATEST.build(files(v1), List.of(entry(1, "1", "a", EntryType.VERSIONED, "crc32:123456", true)));
        assertEquals(MigrationState.CHECKSUM_MISMATCH, line(plan, "V1 a").state());
    }

    @Test
    void entryWithoutChecksumMatches() {
        MigrationFile v1 = v("1", "a");
        Plan plan = LATEST.build(files(v1), List.of(entry(1, "1", "a", EntryType.VERSIONED, null, true)));
        assertEquals(MigrationState.APPLIED, line(plan, "V1 a").state());
    }

    @Test
    void failedMigrationBlocksAndIsNotCurrent() {
        MigrationFile v1 = v("1", "a");
        MigrationFile v2 = v("2", "b");
        MigrationFile v3 = v("3", "c");
        Plan plan = LATEST.build(files(v1, v2, v3), List.of(applied(1, v1), failed(2, v2)));

        assertEquals(List.of("V1 a=APPLIED", "V2 b=FAILED", "V3 c=PENDING"), states(plan));
        assertTrue(MigrationState.FAILED.isProblem());
        assertEquals(List.of("V2 b"), plan.problems().stream().map(PlannedMigration::label).toList());
        assertEquals(Optional.of(ver("1")), plan.current());
        assertFalse(plan.toRun().contains(v2), "a failed migration is not retried before repair");
    }

    @Test
    void latestEntryByRankDecidesWhateverTheListOrder() {
        MigrationFile v1 = v("1", "a");
        List<LedgerEntry> ledger = new ArrayList<>(List.of(failed(1, v1), applied(2, v1)));
        Collections.reverse(ledger);
        Plan plan = LATEST.build(files(v1), ledger);
        assertEquals(MigrationState.APPLIED, line(plan, "V1 a").state());
        assertEquals(2, line(plan, "V1 a").entry().rank());

        Plan failedLast = LATEST.build(files(v1), List.of(failed(3, v1), applied(2, v1)));
        assertEquals(MigrationState.FAILED, line(failedLast, "V1 a").state());
    }

    @Test
    void appliedMigrationWhoseFileIsGoneIsMissing() {
        MigrationFile v1 = v("1", "a");
        MigrationFile v2 = v("2", "gone");
        MigrationFile v3 = v("3", "c");
        Plan plan = LATEST.build(files(v1, v3), List.of(applied(1, v1), applied(2, v2), applied(3, v3)));

        assertEquals(List.of("V1 a=APPLIED", "V2 gone=MISSING", "V3 c=APPLIED"), states(plan));
        PlannedMigration missing = line(plan, "V2 gone");
        assertNull(missing.file());
        assertNotNull(missing.entry());
        assertEquals(ver("2"), missing.version());
        assertEquals("V2__gone.sql", missing.script());
        assertEquals("versioned", missing.type());
        assertTrue(MigrationState.MISSING.isProblem());
        assertEquals(List.of(missing), plan.problems());
        assertEquals(Optional.of(ver("3")), plan.current());
        assertTrue(plan.toRun().isEmpty());
    }

    @Test
    void failedMigrationWhoseFileIsGoneIsFailed() {
        MigrationFile v1 = v("1", "a");
        MigrationFile v2 = v("2", "gone");
        Plan plan = LATEST.build(files(v1), List.of(applied(1, v1), failed(2, v2)));
        assertEquals(List.of("V1 a=APPLIED", "V2 gone=FAILED"), states(plan));
        assertEquals(Optional.of(ver("1")), plan.current());
    }

    @Test
    void lowerVersionAddedAfterAHigherOneIsOutOfOrder() {
        MigrationFile v1 = v("1", "a");
        MigrationFile v2 = v("2", "late");
        MigrationFile v3 = v("3", "c");
        MigrationFile v4 = v("4", "d");
        List<LedgerEntry> ledger = List.of(applied(1, v1), applied(2, v3));

        Plan strict = LATEST.build(files(v1, v2, v3, v4), ledger);
        assertEquals(List.of("V1 a=APPLIED", "V2 late=OUT_OF_ORDER", "V3 c=APPLIED", "V4 d=PENDING"), states(strict));
        assertTrue(MigrationState.OUT_OF_ORDER.isProblem());
        assertEquals(List.of("V2 late"), strict.problems().stream().map(PlannedMigration::label).toList());
        assertEquals(List.of(v4), strict.toRun());
        assertEquals(Optional.of(ver("3")), strict.current());

        Plan allowed = new PlanBuilder(null, true).build(files(v1, v2, v3, v4), ledger);
        assertEquals(List.of("V1 a=APPLIED", "V2 late=PENDING", "V3 c=APPLIED", "V4 d=PENDING"), states(allowed));
        assertTrue(allowed.problems().isEmpty());
        assertEquals(List.of(v2, v4), allowed.toRun(), "by version: the late one first");
    }

    @Test
    void versionsAboveTheTargetWaitForLater() {
        MigrationFile v1 = v("1", "a");
        MigrationFile v2 = v("2", "b");
        MigrationFile v3 = v("3", "c");
        MigrationFile v10 = v("10", "d");
        Plan plan = new PlanBuilder(ver("2.0"), false).build(files(v1, v2, v3, v10), List.of(applied(1, v1)));

        assertEquals(List.of("V1 a=APPLIED", "V2 b=PENDING", "V3 c=ABOVE_TARGET", "V10 d=ABOVE_TARGET"), states(plan));
        assertFalse(MigrationState.ABOVE_TARGET.isProblem());
        assertEquals(List.of(v2), plan.toRun());
        assertTrue(plan.problems().isEmpty());
        assertEquals(2, plan.count(MigrationState.ABOVE_TARGET));
    }

    @Test
    void appliedVersionsAboveTheTargetStayApplied() {
        MigrationFile v1 = v("1", "a");
        MigrationFile v2 = v("2", "b");
        Plan plan = new PlanBuilder(ver("1"), false).build(files(v1, v2), List.of(applied(1, v1), applied(2, v2)));
        assertEquals(List.of("V1 a=APPLIED", "V2 b=APPLIED"), states(plan));
        assertTrue(plan.toRun().isEmpty());
    }

    @Test
    void baselineAndBelowBaseline() {
        MigrationFile v1 = v("1", "a");
        MigrationFile v2 = v("2", "b");
        MigrationFile v3 = v("3", "c");
        LedgerEntry baseline = entry(1, "2", "<< Baseline >>", EntryType.BASELINE, null, true);
        Plan plan = LATEST.build(files(v1, v2, v3), List.of(baseline));

        assertEquals(List.of("V1 a=BELOW_BASELINE", "V2 b=BELOW_BASELINE", "B2 << Baseline >>=BASELINE", "V3 c=PENDING"),
                states(plan));
        PlannedMigration b = line(plan, "B2 << Baseline >>");
        assertEquals("baseline", b.type());
        assertNull(b.file());
        assertSame(baseline, b.entry());
        assertEquals(Optional.of(ver("2")), plan.current());
        assertEquals(List.of(v3), plan.toRun());
        assertTrue(plan.problems().isEmpty());
    }

    @Test
    void baselineAboveEveryFileAndMigrationsAfterIt() {
        MigrationFile v1 = v("1", "a");
        MigrationFile v5 = v("5", "e");
        MigrationFile v6 = v("6", "f");
        LedgerEntry baseline = entry(1, "5", "existing", EntryType.BASELINE, null, true);
        Plan plan = LATEST.build(files(v1, v5, v6), List.of(baseline, applied(2, v6)));
        assertEquals(List.of("V1 a=BELOW_BASELINE", "V5 e=BELOW_BASELINE", "B5 existing=BASELINE", "V6 f=APPLIED"),
                states(plan));
        assertEquals(Optional.of(ver("6")), plan.current());

        Plan onlyBaseline = LATEST.build(files(v1), List.of(entry(1, "10", "existing", EntryType.BASELINE, null, true)));
        assertEquals(List.of("V1 a=BELOW_BASELINE", "B10 existing=BASELINE"), states(onlyBaseline));
        assertEquals(Optional.of(ver("10")), onlyBaseline.current());
        assertTrue(onlyBaseline.toRun().isEmpty());
    }

    @Test
    void undoneVersionIsPendingAgain() {
        MigrationFile v1 = v("1", "a");
        MigrationFile v2 = v("2", "b");
        MigrationFile v3 = v("3", "c");
        List<LedgerEntry> ledger = List.of(applied(1, v1), applied(2, v2),
                entry(3, "2", "b", EntryType.UNDO, Checksums.of("undo"), true));
        Plan plan = LATEST.build(files(v1, v2, v3), ledger);

        assertEquals(List.of("V1 a=APPLIED", "V2 b=UNDONE", "V3 c=PENDING"), states(plan));
        assertFalse(MigrationState.UNDONE.isProblem());
        assertEquals(Optional.of(ver("1")), plan.current(), "the undone version no longer counts");
        assertEquals(List.of(v2, v3), plan.toRun());
        assertEquals(List.of("V2 b", "V3 c"), plan.pending().stream().map(PlannedMigration::label).toList());
        assertEquals(EntryType.UNDO, line(plan, "V2 b").entry().type());

        List<LedgerEntry> reapplied = new ArrayList<>(ledger);
        reapplied.add(applied(4, v2));
        Plan again = LATEST.build(files(v1, v2, v3), reapplied);
        assertEquals(List.of("V1 a=APPLIED", "V2 b=APPLIED", "V3 c=PENDING"), states(again));
        assertEquals(Optional.of(ver("2")), again.current());
    }

    @Test
    void undoneVersionAboveTheTargetWaits() {
        MigrationFile v1 = v("1", "a");
        MigrationFile v2 = v("2", "b");
        List<LedgerEntry> ledger = List.of(applied(1, v1), applied(2, v2), entry(3, "2", "b", EntryType.UNDO, "sha256:u", true));
        Plan plan = new PlanBuilder(ver("1"), false).build(files(v1, v2), ledger);
        assertEquals(List.of("V1 a=APPLIED", "V2 b=ABOVE_TARGET"), states(plan));
        assertTrue(plan.toRun().isEmpty());
    }

    @Test
    void failedUndoIsFailed() {
        MigrationFile v1 = v("1", "a");
        MigrationFile v2 = v("2", "b");
        List<LedgerEntry> ledger = List.of(applied(1, v1), applied(2, v2), entry(3, "2", "b", EntryType.UNDO, "sha256:u", false));
        Plan plan = LATEST.build(files(v1, v2), ledger);
        assertEquals(List.of("V1 a=APPLIED", "V2 b=FAILED"), states(plan));
        assertTrue(plan.toRun().isEmpty());
        assertEquals(1, plan.problems().size());

        Plan fileGone = LATEST.build(files(v1), ledger);
        assertEquals(List.of("V1 a=APPLIED", "V2 b=FAILED"), states(fileGone));
    }

    @Test
    void undoneVersionWhoseFileIsGoneHasNoLine() {
        MigrationFile v1 = v("1", "a");
        MigrationFile v2 = v("2", "b");
        List<LedgerEntry> ledger = List.of(applied(1, v1), applied(2, v2), entry(3, "2", "b", EntryType.UNDO, "sha256:u", true));
        Plan plan = LATEST.build(files(v1), ledger);
        assertEquals(List.of("V1 a=APPLIED"), states(plan));
        assertTrue(plan.problems().isEmpty());
        assertEquals(Optional.of(ver("1")), plan.current());
    }

    @Test
    void deletedOnPurposeAfterRepair() {
        MigrationFile v1 = v("1", "a");
        MigrationFile v2 = v("2", "gone");
        MigrationFile v3 = v("3", "c");
        List<LedgerEntry> ledger = List.of(applied(1, v1), applied(2, v2),
                entry(3, "2", "gone", EntryType.DELETE, null, true));
        Plan plan = LATEST.build(files(v1, v3), ledger);

        assertEquals(List.of("V1 a=APPLIED", "V2 gone=DELETED", "V3 c=PENDING"), states(plan));
        assertFalse(MigrationState.DELETED.isProblem());
        assertTrue(plan.problems().isEmpty());
        assertNull(line(plan, "V2 gone").file());
        assertEquals(EntryType.DELETE, line(plan, "V2 gone").entry().type());
        assertEquals(Optional.of(ver("2")), plan.current(), "a deleted version still counts as applied");
        assertEquals(List.of(v3), plan.toRun());
    }

    @Test
    void deletedEntryWithTheFileBackStaysDeleted() {
        MigrationFile v1 = v("1", "a");
        List<LedgerEntry> ledger = List.of(applied(1, v1), entry(2, "1", "a", EntryType.DELETE, null, true));
        Plan plan = LATEST.build(files(v1), ledger);
        assertEquals(List.of("V1 a=DELETED"), states(plan));
        assertTrue(plan.toRun().isEmpty(), "never applied twice");
    }

    // ---- repeatables ----

    @Test
    void repeatableStates() {
        MigrationFile fresh = r("a fresh", "SELECT 'fresh';");
        MigrationFile same = r("b same", "SELECT 'same';");
        MigrationFile changedBefore = r("c changed", "SELECT 'old';");
        MigrationFile changed = r("c changed", "SELECT 'new';");
        MigrationFile broken = r("d broken", "SELECT 'broken';");
        MigrationFile gone = r("e gone", "SELECT 'gone';");
        List<LedgerEntry> ledger = List.of(applied(1, same), applied(2, changedBefore), failed(3, broken), applied(4, gone));
        Plan plan = LATEST.build(files(fresh, same, changed, broken), ledger);

        assertEquals(List.of("R a fresh=PENDING", "R b same=APPLIED", "R c changed=OUTDATED", "R d broken=FAILED",
                "R e gone=MISSING"), states(plan));
        assertEquals(List.of(fresh, changed), plan.toRun());
        assertFalse(MigrationState.OUTDATED.isProblem());
        assertEquals(List.of("R d broken", "R e gone"), plan.problems().stream().map(PlannedMigration::label).toList());
        assertEquals(List.of("R a fresh", "R c changed"), plan.pending().stream().map(PlannedMigration::label).toList());
        PlannedMigration missing = line(plan, "R e gone");
        assertNull(missing.file());
        assertNull(missing.version());
        assertEquals("repeatable", missing.type());
        assertEquals(Optional.empty(), plan.current(), "repeatables have no version");
    }

    @Test
    void repeatableReappliedAfterAChangeIsApplied() {
        MigrationFile before = r("views", "v1");
        MigrationFile after = r("views", "v2");
        Plan plan = LATEST.build(files(after), List.of(applied(1, before), applied(2, after)));
        assertEquals(List.of("R views=APPLIED"), states(plan));
        assertTrue(plan.toRun().isEmpty());

        Plan changedBack = LATEST.build(files(before), List.of(applied(1, before), applied(2, after)));
        assertEquals(List.of("R views=OUTDATED"), states(changedBack));
    }

    @Test
    void failedRepeatableWhoseFileIsGoneIsFailed() {
        MigrationFile broken = r("broken", "x");
        Plan plan = LATEST.build(files(), List.of(failed(1, broken)));
        assertEquals(List.of("R broken=FAILED"), states(plan));
    }

    @Test
    void deletedRepeatable() {
        MigrationFile views = r("views", "x");
        List<LedgerEntry> ledger = List.of(applied(1, views), entry(2, null, "views", EntryType.DELETE, null, true));
        Plan gone = LATEST.build(files(), ledger);
        assertTrue(gone.migrations().isEmpty(), "acknowledged deletion needs no line: " + states(gone));
        assertTrue(gone.problems().isEmpty());

        Plan back = LATEST.build(files(views), ledger);
        assertEquals(List.of("R views=PENDING"), states(back));
        assertEquals(List.of(views), back.toRun());
    }

    // ---- order ----

    @Test
    void toRunHasVersionedByVersionThenRepeatables() {
        MigrationFile v2 = v("2", "two");
        MigrationFile v10 = v("10", "ten");
        MigrationFile v1_10 = v("1.10", "one ten");
        MigrationFile v1_9 = v("1.9", "one nine");
        MigrationFile ra = r("a", "a");
        MigrationFile rb = r("b", "b");
        Plan plan = LATEST.build(files(rb, v10, ra, v2, v1_10, v1_9), List.of());
        assertEquals(List.of("V1.9 one nine", "V1.10 one ten", "V2 two", "V10 ten", "R a", "R b"), toRun(plan));
        assertEquals(List.of("V1.9 one nine", "V1.10 one ten", "V2 two", "V10 ten", "R a", "R b"), labels(plan));
    }

    @Test
    void missingLinesAreInVersionOrderAmongFiles() {
        MigrationFile v1 = v("1", "a");
        MigrationFile v9 = v("9", "nine");
        MigrationFile v10 = v("10", "ten");
        MigrationFile v11 = v("11", "eleven");
        MigrationFile views = r("views", "x");
        Plan plan = LATEST.build(files(v1, v10, views),
                List.of(applied(1, v1), applied(2, v9), applied(3, v10), applied(4, v11), applied(5, views)));
        assertEquals(List.of("V1 a=APPLIED", "V9 nine=MISSING", "V10 ten=APPLIED", "V11 eleven=MISSING", "R views=APPLIED"),
                states(plan));
        assertEquals(Optional.of(ver("11")), plan.current());
    }

    @Test
    void labels() {
        assertEquals("V003 add users", new PlannedMigration(ver("003"), "add users", "versioned", "s",
                MigrationState.PENDING, null, null).label());
        assertEquals("R refresh views", new PlannedMigration(null, "refresh views", "repeatable", "s",
                MigrationState.PENDING, null, null).label());
        assertEquals("B1 baseline", new PlannedMigration(ver("1"), "baseline", "baseline", "s",
                MigrationState.BASELINE, null, null).label());
    }

    @Test
    void problemStates() {
        List<MigrationState> problems = Arrays.stream(MigrationState.values()).filter(MigrationState::isProblem).toList();
        assertEquals(List.of(MigrationState.FAILED, MigrationState.CHECKSUM_MISMATCH, MigrationState.MISSING,
                MigrationState.OUT_OF_ORDER), problems);
    }

    @Test
    void planListsAreImmutable() {
        Plan plan = LATEST.build(files(v("1", "a")), List.of());
        org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class, () -> plan.migrations().clear());
        org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class, () -> plan.toRun().clear());
    }

    // ---- scale ----

    @Test
    void tenThousandMigrations() {
        int total = 10_000;
        int appliedCount = 9_000;
        List<MigrationFile> all = new ArrayList<>(total);
        List<LedgerEntry> ledger = new ArrayList<>(appliedCount);
        for (int i = 1; i <= total; i++) {
            MigrationFile f = v(String.valueOf(i), "m" + i, "SELECT " + i + ";\n");
            all.add(f);
            if (i <= appliedCount) {
                ledger.add(applied(i, f));
            }
        }
        MigrationFile edited = v("4711", "m4711", "SELECT 'edited';\n");
        all.set(4710, edited);
        Collections.shuffle(ledger, new Random(42));

        Plan plan = LATEST.build(files(all.toArray(MigrationFile[]::new)), ledger);

        assertEquals(total, plan.migrations().size());
        assertEquals(appliedCount - 1, plan.count(MigrationState.APPLIED));
        assertEquals(1, plan.count(MigrationState.CHECKSUM_MISMATCH));
        assertEquals(MigrationState.CHECKSUM_MISMATCH, plan.migrations().get(4710).state());
        assertEquals(total - appliedCount, plan.count(MigrationState.PENDING));
        assertEquals(Optional.of(ver(String.valueOf(appliedCount))), plan.current());
        assertEquals(total - appliedCount, plan.toRun().size());
        assertEquals("9001", plan.toRun().get(0).version().text());
        assertEquals("10000", plan.toRun().get(plan.toRun().size() - 1).version().text());
        for (int i = 1; i < plan.migrations().size(); i++) {
            assertTrue(plan.migrations().get(i - 1).version().compareTo(plan.migrations().get(i).version()) < 0);
        }
    }
}
