package dev.weave.store.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weave.core.Weave;
import dev.weave.error.StoreErrorException;
import dev.weave.model.EntryType;
import dev.weave.model.LedgerEntry;
import dev.weave.spi.StoreConnection;
import dev.weave.spi.TargetSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Weave's bookkeeping requests on the real node, through the adapter's connection: long ledgers read
 * whole across pages, ranks never overwritten, guarded updates, and what a refused request says.
 */
class BookkeepingTest {

    private static final Instant ON = Instant.parse("2026-01-02T03:04:05.678Z");

    @TempDir
    Path folder;
    private TargetOnNode t;
    private StoreConnection connection;

    @BeforeEach
    void connect(TestInfo info) {
        t = new TargetOnNode(info.getTestMethod().orElseThrow().getName(), folder);
        connection = Weave.installedStore("elasticsearch", "test")
                .connect(new TargetSettings(t.name, "elasticsearch", t.settings(), Duration.ZERO));
    }

    @AfterEach
    void close() {
        connection.close();
    }

    /**
     * 20,000 entries are exactly two full pages of 10,000, the most one search may return (the last page is empty);
     * one more makes a third page.
     */
    @Test
    void aLedgerOfSeveralPagesIsReadWholeInRankOrder() {
        connection.createLedger();
        StringBuilder bulk = new StringBuilder();
        for (int rank = 20_000; rank >= 1; rank--) { // written in reverse: the order comes from the sort
            bulk.append("{\"create\": {\"_id\": \"").append(rank).append("\"}}\n")
                    .append(LedgerDocument.of(entry(rank, String.valueOf(rank))).toJson()).append('\n');
        }
        var response = t.node.send("POST", "/" + t.ledgerIndex() + "/_bulk?refresh=true", bulk.toString());
        assertEquals(200, response.statusCode(), response.body());

        List<LedgerEntry> read = connection.readLedger();

        assertEquals(20_000, read.size());
        for (int i = 0; i < read.size(); i++) {
            assertEquals(i + 1, read.get(i).rank());
        }
        assertEquals(entry(1_234, "1234"), read.get(1_233));

        connection.appendEntry(entry(20_001, null));
        List<LedgerEntry> again = connection.readLedger();
        assertEquals(20_001, again.size(), "the insert is refreshed before the read");
        assertEquals(entry(20_001, null), again.get(20_000));
    }

    @Test
    void documentsAreReadFieldByFieldWhateverElseTheyHold() {
        connection.createLedger();
        t.node.send("PUT", "/" + t.ledgerIndex() + "/_doc/1?refresh=true", """
                {"note": {"nested": [1, {"x": "y"}]}, "installed_rank": 1, "version": null, "description": "d",
                 "type": "BASELINE", "script": "<< baseline >>", "checksum": null, "installed_by": "ops",
                 "installed_on": "2026-01-02T03:04:05.678Z", "execution_time": 12, "success": true, "extra": [true]}
                """);

        LedgerEntry only = connection.readLedger().get(0);

        assertEquals(new LedgerEntry(1, null, "d", EntryType.BASELINE, "<< baseline >>", null, "ops", ON, 12, true), only);
    }

    @Test
    void aRankIsNeverOverwritten() {
        connection.createLedger();
        connection.appendEntry(entry(1, "1"));

        StoreErrorException e = assertThrows(StoreErrorException.class, () -> connection.appendEntry(entry(1, "2")));

        assertTrue(e.getMessage().contains("failed while recording version 2 in the ledger " + t.ledgerIndex()), e.getMessage());
        assertTrue(e.getMessage().contains("HTTP 409 version_conflict_engine_exception"), e.getMessage());
        assertEquals("1", connection.readLedger().get(0).version(), "the first entry stays");
    }

    @Test
    void anUpdateRewritesChecksumAndDescriptionOnly() {
        connection.createLedger();
        connection.appendEntry(entry(1, "1"));
        long seqNo = document("1").path("_seq_no").asLong();

        connection.updateEntry(new LedgerEntry(1, "9", "renamed", EntryType.REPEATABLE, "other.http", "sha256:new",
                "someone", Instant.now(), 99, false));

        JsonNode doc = document("1");
        assertTrue(doc.path("_seq_no").asLong() > seqNo);
        LedgerEntry expected = new LedgerEntry(1, "1", "renamed", EntryType.VERSIONED, "V1__e.http", "sha256:new",
                "tester", ON, 7, true);
        assertEquals(List.of(expected), connection.readLedger());
        StoreErrorException gone = assertThrows(StoreErrorException.class, () -> connection.updateEntry(entry(5, "5")));
        assertTrue(gone.getMessage().contains("ledger entry 5 of " + t.ledgerIndex() + " is gone"), gone.getMessage());
    }

    @Test
    void removingAnEntryThatIsNotThereIsNoError() {
        connection.createLedger();
        connection.appendEntry(entry(1, "1"));

        connection.removeEntry(1);
        connection.removeEntry(1);

        assertTrue(connection.readLedger().isEmpty());
    }

    @Test
    void aRefusedBookkeepingRequestNamesWhatWasBeingDoneAndWhy() {
        connection.createLedger();
        t.node.send("PUT", "/" + t.ledgerIndex() + "/_settings", "{\"index.blocks.write\": true}");
        try {
            StoreErrorException e = assertThrows(StoreErrorException.class, () -> connection.appendEntry(entry(1, "1")));

            assertTrue(e.getMessage().startsWith("Elasticsearch at http://" + t.server.host() + ":" + t.server.port()
                    + " failed while recording version 1 in the ledger " + t.ledgerIndex() + ": HTTP 403 cluster_block_exception"),
                    e.getMessage());
            assertEquals(403, ClientErrors.status(e));
            assertEquals("cluster_block_exception", ClientErrors.type(e));
        } finally {
            t.node.send("PUT", "/" + t.ledgerIndex() + "/_settings", "{\"index.blocks.write\": null}");
        }
    }

    @Test
    void theLockIsOneGuardedDocumentThatReleasingRemoves() throws Exception {
        connection.createLedger();
        StoreConnection.Lock lock = connection.lock(Duration.ofSeconds(5));
        JsonNode held = document(t.lockIndex(), "lock");
        assertTrue(held.path("found").asBoolean(), held.toString());
        assertEquals(List.of("owner", "acquired_at", "renewed_at", "expires_at"), fieldNames(held.path("_source")));
        assertTrue(held.path("_source").path("expires_at").asLong() > System.currentTimeMillis());

        lock.close();

        assertFalse(document(t.lockIndex(), "lock").path("found").asBoolean(true), "released");
    }

    /**
     * Another runner created the ledger a moment ago and its shard has not started yet: the index exists, but a
     * search of it fails with 503 "all shards failed" (seen on a loaded machine: validate beside a first migrate).
     * The read waits for the shard instead of failing. Here an allocation filter holds the shard back until the
     * read is seen waiting for the index's health, then lets it go.
     */
    @Test
    void aLedgerWhoseShardHasNotStartedYetIsWaitedForNotAnError() throws Exception {
        var created = t.node.send("PUT", "/" + t.ledgerIndex() + "?wait_for_active_shards=0", "{\"settings\": {"
                + "\"number_of_shards\": 1, \"number_of_replicas\": 0, \"hidden\": true,"
                + " \"index.routing.allocation.require._name\": \"no_such_node\"},"
                + " \"mappings\": {\"dynamic\": false, \"properties\": {\"installed_rank\": {\"type\": \"integer\"}}}}");
        assertEquals(200, created.statusCode(), created.body());
        assertEquals(503, t.node.send("POST", "/" + t.ledgerIndex() + "/_search", "{}").statusCode(),
                "the shard must not have started yet");

        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            Future<List<LedgerEntry>> read = reader.submit(connection::readLedger);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!waitingForHealth()) { // the event: the read asks the node to wait for the index
                assertFalse(read.isDone(), () -> "the read ended instead of waiting for the shard: " + outcome(read));
                assertTrue(System.nanoTime() < deadline, "the read never waited for the index's health");
                Thread.onSpinWait();
            }
            var released = t.node.send("PUT", "/" + t.ledgerIndex() + "/_settings",
                    "{\"index.routing.allocation.require._name\": null}");
            assertEquals(200, released.statusCode(), released.body());

            assertEquals(List.of(), read.get(60, TimeUnit.SECONDS));
        } finally {
            reader.shutdownNow();
        }
    }

    /**
     * The race itself, as validate beside a first migrate meets it: the index is created by another client and the
     * read starts the moment the index exists, before the node has even tried to allocate its shard. Such a
     * shard already counts as "yellow" with no active primary, so a wait for yellow health answered at once and
     * the second search failed with 503 too (CI, 2026-12-07). Several rounds, since the gap is a matter of timing;
     * before the fix most rounds failed.
     */
    @Test
    void aLedgerCreatedAMomentAgoByAnotherRunnerIsReadNotAnError() throws Exception {
        ExecutorService creator = Executors.newSingleThreadExecutor();
        try {
            for (int round = 0; round < 10; round++) {
                Future<?> create = creator.submit(() -> t.node.send("PUT", "/" + t.ledgerIndex(), "{\"settings\": {"
                        + "\"number_of_shards\": 1, \"auto_expand_replicas\": \"0-1\", \"hidden\": true},"
                        + " \"mappings\": {\"dynamic\": false, \"properties\": {\"installed_rank\": {\"type\": \"integer\"}}}}"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (t.node.status("HEAD", "/" + t.ledgerIndex()) != 200) { // the event: the index exists
                    assertTrue(System.nanoTime() < deadline, "the ledger index was never created");
                }
                assertEquals(List.of(), connection.readLedger(), "round " + round);
                create.get(60, TimeUnit.SECONDS);
                assertEquals(200, t.node.status("DELETE", "/" + t.ledgerIndex()), "round " + round);
            }
        } finally {
            creator.shutdownNow();
        }
    }

    private boolean waitingForHealth() {
        JsonNode tasks = t.node.json("GET", "/_tasks?actions=cluster:monitor/health*", null).path("nodes");
        for (JsonNode node : tasks) {
            if (!node.path("tasks").isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static String outcome(Future<?> done) {
        try {
            return String.valueOf(done.get());
        } catch (Exception e) {
            return String.valueOf(e.getCause() == null ? e : e.getCause());
        }
    }

    private static LedgerEntry entry(int rank, String version) {
        return new LedgerEntry(rank, version, "e" + rank, version == null ? EntryType.REPEATABLE : EntryType.VERSIONED,
                "V" + rank + "__e.http", "sha256:" + rank, "tester", ON, 7, true);
    }

    private JsonNode document(String id) {
        return document(t.ledgerIndex(), id);
    }

    private JsonNode document(String index, String id) {
        return t.node.json("GET", "/" + index + "/_doc/" + id, null);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
