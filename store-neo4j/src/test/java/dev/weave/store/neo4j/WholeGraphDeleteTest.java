package dev.weave.store.neo4j;

import dev.weave.api.MigrateResult;
import dev.weave.api.MigrationFailedException;
import dev.weave.api.ProgressListener;
import dev.weave.core.Weave;
import dev.weave.model.EntryType;
import dev.weave.model.LedgerEntry;
import dev.weave.spi.StoreConnection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A migration that deletes every node (issue 19.3) takes Weave's lock and ledger nodes with it: Weave recreates them,
 * records the migration that ran and says so, while a lock another runner owns still stops the run.
 */
class WholeGraphDeleteTest {

    private static final String V1 = "CREATE (:A {id: 1});\n";
    private static final String WIPE_IN_TRANSACTIONS = "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS;\n";
    private static final String WIPE = "MATCH (n) DETACH DELETE n;\n";

    @TempDir
    Path folder;

    private GraphTarget target;

    @BeforeEach
    void freshGraph() {
        target = new GraphTarget(folder);
    }

    @Test
    void aCallInTransactionsWipeIsRecordedAndWeavesNodesAreRecreated() {
        wipeIsRecorded(WIPE_IN_TRANSACTIONS);
    }

    @Test
    void aPlainDetachDeleteOfEveryNodeIsRecordedAndWeavesNodesAreRecreated() {
        wipeIsRecorded(WIPE);
    }

    private void wipeIsRecorded(String wipe) {
        target.write("V1__a.cypher", V1);
        target.weave().migrate(GraphTarget.NAME);
        target.write("V2__wipe.cypher", wipe);
        Watcher watcher = new Watcher();

        MigrateResult result = watcher.weave().migrate(GraphTarget.NAME); // returns: exit 0

        assertEquals("2", result.finalVersion());
        assertEquals(List.of(1L), watcher.locksWhileApplied, "the lock node is back while the run still holds it");
        assertEquals(0, target.count("MATCH (l:__WeaveLock) RETURN count(l)"), "released after the run");
        assertEquals(0, target.count("MATCH (a:A) RETURN count(a)"), "the migration ran");
        List<LedgerEntry> ledger = ledger();
        assertEquals(List.of("1", "2"), ledger.stream().map(LedgerEntry::version).toList());
        assertEquals(sha256(V1), ledger.get(0).checksum());
        assertEquals(sha256(wipe), ledger.get(1).checksum());
        assertTrue(ledger.stream().allMatch(LedgerEntry::success), ledger.toString());
        assertEquals(1, watcher.warnings.size(), watcher.warnings.toString());
        String warning = watcher.warnings.get(0);
        assertTrue(warning.startsWith("V2__wipe.cypher deleted Weave's own nodes (lock and 1 ledger entry);"
                + " Weave recreated them."), warning);
        assertTrue(warning.contains("MATCH (n) WHERE NOT n:__WeaveMigration AND NOT n:__WeaveLock"), warning);

        assertTrue(target.weave().migrate(GraphTarget.NAME).upToDate(), "a re-run has nothing to do");
        assertEquals(2, ledger().size());
    }

    @Test
    void aLockOnlyDeletedIsRecreatedWithTheHistoryUntouched() {
        target.write("V1__a.cypher", V1);
        target.write("V2__unlock.cypher", "MATCH (l:__WeaveLock) DELETE l;\n");
        Watcher watcher = new Watcher();

        watcher.weave().migrate(GraphTarget.NAME);

        assertEquals(List.of("1", "2"), ledger().stream().map(LedgerEntry::version).toList());
        assertEquals(1, watcher.warnings.size(), watcher.warnings.toString());
        assertTrue(watcher.warnings.get(0).startsWith("V2__unlock.cypher deleted Weave's own nodes (lock); Weave recreated them."),
                watcher.warnings.get(0));
    }

    /** Committed on its own (IN TRANSACTIONS), as a takeover commits: the node is there, but not ours. */
    @Test
    void aLockAnotherRunnerOwnsStillStopsTheRun() {
        target.write("V1__a.cypher", V1);
        target.write("V2__steal.cypher", "MATCH (l:__WeaveLock)"
                + " CALL { WITH l SET l.owner = 'weave other@host pid 2 run 1' } IN TRANSACTIONS;\n");

        MigrationFailedException e = assertThrows(MigrationFailedException.class, () -> target.weave().migrate(GraphTarget.NAME));

        assertTrue(e.getMessage().contains("another runner took the lock over"), e.getMessage());
        assertEquals(List.of("1"), ledger().stream().map(LedgerEntry::version).toList());
        assertEquals(1, target.count("MATCH (l:__WeaveLock) RETURN count(l)"), "the other owner's lock stays");
    }

    @Test
    void theRenewalRecreatesALockNodeThatVanishedWhileTheLeaseRan() {
        GraphTarget shortLease = new GraphTarget(folder, Map.of("lockLease", "6s"));
        try (StoreConnection run = shortLease.connect(); StoreConnection.Lock ignored = run.lock(Duration.ofSeconds(5))) {
            run.createLedger();
            String owner = shortLease.query("MATCH (l:__WeaveLock) RETURN l.owner").get(0).get(0).asString();
            shortLease.query("MATCH (l:__WeaveLock) DELETE l");

            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (shortLease.count("MATCH (l:__WeaveLock {owner: $owner}) RETURN count(l)", "owner", owner) == 0) {
                assertTrue(System.nanoTime() < deadline, "the renewal recreated the lock node");
                Thread.onSpinWait();
            }
            run.appendEntry(new LedgerEntry(1, "1", "baseline", EntryType.BASELINE, "baseline", null, "me", Instant.now(), 0, true));
            assertEquals(1, run.readLedger().size());
        }
        assertEquals(0, shortLease.count("MATCH (l:__WeaveLock) RETURN count(l)"));
    }

    private List<LedgerEntry> ledger() {
        try (StoreConnection c = target.connect()) {
            return c.readLedger();
        }
    }

    /** Collects the warnings, and how many lock nodes there are right after each migration (still under the lock). */
    private final class Watcher implements ProgressListener {
        final List<String> warnings = new CopyOnWriteArrayList<>();
        final List<Long> locksWhileApplied = new CopyOnWriteArrayList<>();

        Weave weave() {
            return target.weave().withListener(this);
        }

        @Override
        public void warning(String target, String label, String message) {
            warnings.add(message);
        }

        @Override
        public void applied(String t, String label, long millis) {
            locksWhileApplied.add(target.count("MATCH (l:__WeaveLock) RETURN count(l)"));
        }
    }

    /** The ledger's checksum as a user computes it: {@code sha256:} and the hex SHA-256 of the file's text. */
    private static String sha256(String text) {
        try {
            return "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
