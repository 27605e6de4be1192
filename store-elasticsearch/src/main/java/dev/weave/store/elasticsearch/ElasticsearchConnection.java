package dev.weave.store.elasticsearch;

import dev.weave.model.LedgerEntry;
import dev.weave.spi.Script;
import dev.weave.spi.ScriptFailedException;
import dev.weave.spi.StoreConnection;
import org.elasticsearch.client.Request;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One target's working connection. Elasticsearch cannot roll back: a migration's requests run one by
 * one, and when one fails the migration is recorded as failed (never as success) and later runs stop
 * until the file is fixed and {@code repair} is run.
 */
final class ElasticsearchConnection implements StoreConnection {

    private final Cluster cluster;
    private final ElasticsearchEndpoint endpoint;
    private final OwnIndices own;
    private final LedgerIndex ledger;
    private final ResourceTracker tracker;
    private final RequestRunner runner;
    private LeaseLock lock;
    /** The recorded schema once read or written on this connection; null before. */
    private java.util.Optional<dev.weave.spi.schema.SchemaSnapshot> recorded;
    private String currentUser;

    ElasticsearchConnection(Cluster cluster) {
        this.cluster = cluster;
        this.endpoint = cluster.endpoint;
        this.own = new OwnIndices(cluster);
        this.ledger = new LedgerIndex(cluster, own, endpoint.indices.ledger());
        this.tracker = new ResourceTracker(cluster, own, endpoint.indices.resources());
        this.runner = new RequestRunner(cluster, tracker);
    }

    @Override
    public String describe() {
        return endpoint.address() + ", ledger index " + endpoint.indices.ledger();
    }

    /** The authenticated user where security is on; otherwise the operating-system user. */
    @Override
    public String currentUser() {
        if (currentUser == null) {
            RawResponse me = cluster.call("asking who we are", new Request("GET", "/_security/_authenticate"));
            String name = me.ok() ? me.json().path("username").asText("") : "";
            currentUser = name.isBlank() ? System.getProperty("user.name", "unknown") : name;
        }
        return currentUser;
    }

    /** Released only after this run's ledger entries are searchable, so the next holder reads all of them. */
    @Override
    public Lock lock(Duration timeout) {
        LeaseLock taken = LeaseLock.acquire(cluster, own, endpoint.indices.lock(), endpoint.lockLease, timeout, endpoint.target);
        lock = taken;
        return () -> {
            try {
                ledger.refreshIfWritten();
            } catch (RuntimeException e) {
                // unreachable now: the index's own periodic refresh makes the entries searchable within a second
            } finally {
                taken.close();
            }
        };
    }

    @Override
    public void createLedger() {
        ledger.create();
    }

    @Override
    public List<LedgerEntry> readLedger() {
        return ledger.read();
    }

    @Override
    public void apply(Script script, LedgerEntry entry) {
        List<HttpRequest> requests = HttpScriptParser.parse(script);
        long start = System.nanoTime();
        for (HttpRequest request : requests) {
            requireLock();
            RequestRunner.Failure failure = runner.send(request, script);
            if (failure != null) {
                // requests are not transactional: what the earlier ones did stays, so the failure is recorded
                throw new ScriptFailedException(failure.message(), request.line(), request.number(), true,
                        request.number() > 1 || failure.partial(), failure.cause(), kind(failure));
            }
        }
        confirmLock();
        ledger.insert(entry.finished(start, true));
    }

    @Override
    public void runCallback(Script script) {
        for (HttpRequest request : HttpScriptParser.parse(script)) {
            requireLock();
            RequestRunner.Failure failure = runner.send(request, script);
            if (failure != null) {
                throw new ScriptFailedException(failure.message(), request.line(), request.number(), false,
                        request.number() > 1 || failure.partial(), failure.cause(), kind(failure));
            }
        }
    }

    private static ScriptFailedException.Kind kind(RequestRunner.Failure failure) {
        return failure.connectionLost() ? ScriptFailedException.Kind.CONNECTION_LOST : ScriptFailedException.Kind.SCRIPT;
    }

    private void requireLock() {
        if (lock != null) {
            lock.requireHeld();
        }
    }

    /** Before every ledger write: only the holder of the lock records anything (see {@link LeaseLock#confirmHeld}). */
    private void confirmLock() {
        if (lock != null) {
            lock.confirmHeld();
        }
    }

    @Override
    public List<dev.weave.model.ForeignEntry> readForeignHistory(String tool, String location) {
        return ForeignHistories.read(cluster, tool, location);
    }

    @Override
    public void appendEntry(LedgerEntry entry) {
        confirmLock();
        ledger.insert(entry);
    }

    @Override
    public void removeEntry(int rank) {
        confirmLock();
        ledger.delete(rank);
    }

    @Override
    public void updateEntry(LedgerEntry entry) {
        confirmLock();
        ledger.update(entry);
    }

    /** Ledger and lock; for {@code everything} first what the migrations created (tracked from their requests). */
    @Override
    public dev.weave.spi.schema.SchemaSnapshot readSchema() {
        return ClusterSchema.read(cluster, tracker.tracked(), readRecordedSchema());
    }

    /** One document in an index of Weave's own beside the ledger: the schema as migrate left it. */
    @Override
    public void recordSchema(dev.weave.spi.schema.SchemaSnapshot snapshot) {
        own.ensure(schemaIndex(), java.util.Map.of());
        Request put = new Request("PUT", "/" + schemaIndex() + "/_doc/schema");
        put.addParameter("refresh", "true");
        put.setJsonEntity(Json.object(g -> Json.field(g, "text", snapshot.text())));
        cluster.expect("recording the schema in " + schemaIndex(), put);
        recorded = java.util.Optional.of(snapshot);
    }

    /** Read once per connection: readSchema needs it too (for its scope), right after the engine asked for it. */
    @Override
    public dev.weave.spi.schema.SchemaSnapshot readRecordedSchema() {
        if (recorded == null) {
            RawResponse response = cluster.call("reading the recorded schema", new Request("GET", "/" + schemaIndex() + "/_doc/schema"));
            if (response.status() != 404 && !response.ok()) {
                throw cluster.failed("reading the recorded schema in " + schemaIndex(), response);
            }
            recorded = response.status() == 404 ? java.util.Optional.empty() : java.util.Optional.of(
                    dev.weave.spi.schema.SchemaSnapshot.parse(response.json().path("_source").path("text").asText()));
        }
        return recorded.orElse(null);
    }

    private String schemaIndex() {
        return endpoint.indices.ledger() + "_schema";
    }

    @Override
    public List<String> clean(boolean everything) {
        List<String> removed = new ArrayList<>();
        if (everything) {
            removed.addAll(tracker.deleteAll());
        }
        recorded = null;
        if (own.drop(schemaIndex())) {
            removed.add("recorded schema index " + schemaIndex());
        }
        if (own.drop(endpoint.indices.ledger())) {
            removed.add("ledger index " + endpoint.indices.ledger());
        }
        if (lock != null) {
            lock.abandon(); // a renewal after the drop below would create the lock index again
        }
        if (own.drop(endpoint.indices.lock())) {
            removed.add("lock index " + endpoint.indices.lock());
        }
        return removed;
    }

    @Override
    public void close() {
        if (lock != null) {
            lock.close();
        }
        cluster.close();
    }

}
