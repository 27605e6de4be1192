package dev.weave.store.neo4j;

import dev.weave.model.LedgerEntry;
import dev.weave.spi.Script;
import dev.weave.spi.ScriptFailedException;
import dev.weave.spi.StoreConnection;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.Transaction;
import org.neo4j.driver.exceptions.Neo4jException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One target's connection: a driver working in one database. How a migration runs follows
 * {@link CypherScript}: a data-only script and its ledger entry commit in one transaction (a failure
 * leaves nothing behind); a schema-only script commits in one schema transaction and its entry right
 * after; a script that must run statement by statement records a failure part-way as a failed entry
 * naming the statement. The ledger never says success for anything that did not commit.
 */
final class Neo4jConnection implements StoreConnection {

    private final Neo4jEndpoint endpoint;
    /** The node that holds the schema migrate recorded. */
    static final String SCHEMA_LABEL = "__WeaveSchema";

    private final Driver driver;
    private final String database;
    private final GraphLedger ledger;
    private LeaseLock lock;
    /** The ledger as this run read it and wrote it since, by rank: what a migration that wiped the graph is undone from. */
    private final java.util.TreeMap<Integer, LedgerEntry> known = new java.util.TreeMap<>();
    /** The lock recreations already answered with a ledger restore. */
    private int recreationsSeen;
    /** What the last ledger write put back after a script deleted Weave's nodes; null when nothing was missing. */
    private Restored restored;
    /** The entry the last ledger write wrote (its execution time filled in). */
    private LedgerEntry lastWritten;

    Neo4jConnection(Neo4jEndpoint endpoint, Driver driver, String database) {
        this.endpoint = endpoint;
        this.driver = driver;
        this.database = database;
        this.ledger = new GraphLedger(driver, database);
    }

    @Override
    public String describe() {
        return endpoint.address() + ", database " + database + ", ledger :" + GraphLedger.LABEL;
    }

    @Override
    public String currentUser() {
        try (Session session = session()) {
            return session.run("CALL dbms.showCurrentUser() YIELD username RETURN username").single().get(0).asString();
        } catch (Neo4jException e) {
            return endpoint.user(); // auth disabled, or the procedure is not allowed
        }
    }

    @Override
    public Lock lock(Duration timeout) {
        LeaseLock taken = query(() -> LeaseLock.acquire(driver, database, endpoint.lockLease(), timeout, endpoint.target(),
                describe()));
        lock = taken;
        recreationsSeen = 0;
        return () -> {
            lock = null;
            taken.close();
        };
    }

    @Override
    public void createLedger() {
        query(() -> {
            ledger.create();
            return null;
        });
    }

    @Override
    public List<LedgerEntry> readLedger() {
        List<LedgerEntry> entries = query(ledger::read); // no ledger yet reads as no entries
        known.clear();
        entries.forEach(e -> known.put(e.rank(), e));
        return entries;
    }

    @Override
    public void apply(Script script, LedgerEntry entry) {
        CypherScript cypher = CypherScript.parse(script);
        long start = System.nanoTime();
        restored = null;
        switch (cypher.mode()) {
            case ONE_TRANSACTION -> inOneTransaction(cypher, () -> entry.finished(start, true));
            case SCHEMA_TRANSACTION -> {
                inOneTransaction(cypher, null);
                recordAfterCommit(cypher, entry.finished(start, true));
            }
            case STATEMENT_BY_STATEMENT -> {
                statementByStatement(cypher, true);
                recordAfterCommit(cypher, entry.finished(start, true));
            }
        }
        known.put(entry.rank(), lastWritten); // committed: it reached here without a throw
        if (restored != null) {
            script.warn(script.file().script() + " deleted Weave's own nodes (" + restored + "); Weave recreated them."
                    + " To leave them alone, match only your data: MATCH (n) WHERE NOT n:" + GraphLedger.LABEL
                    + " AND NOT n:" + LeaseLock.LABEL + " …");
        }
    }

    /** Weave nodes a script deleted and the ledger write put back. */
    private record Restored(boolean lock, int entries) {
        @Override
        public String toString() {
            String ledgerPart = entries == 1 ? "1 ledger entry" : entries + " ledger entries";
            return lock && entries > 0 ? "lock and " + ledgerPart : lock ? "lock" : ledgerPart;
        }
    }

    @Override
    public void runCallback(Script script) {
        CypherScript cypher = CypherScript.parse(script);
        if (cypher.mode() == CypherScript.Mode.STATEMENT_BY_STATEMENT) {
            statementByStatement(cypher, false);
        } else {
            inOneTransaction(cypher, null);
        }
    }

    /**
     * All statements in one transaction, and the ledger entry too when {@code entry} is given (a data
     * transaction). A failure rolls everything back: nothing applied, nothing recorded.
     */
    private void inOneTransaction(CypherScript cypher, Supplier<LedgerEntry> entry) {
        CypherStatement current = null;
        try (Session session = session(); Transaction tx = session.beginTransaction()) {
            for (CypherStatement statement : cypher.statements()) {
                current = statement;
                tx.run(statement.text()).consume();
            }
            current = null;
            if (entry != null) {
                writeEntry(tx, entry.get(), null);
            }
            tx.commit();
        } catch (Neo4jException e) {
            throw whenServerGone(e, current == null ? new ScriptFailedException("the commit failed: "
                    + CypherErrors.reason(e), 0, 0, false, false, e, CypherErrors.kind(e))
                    : CypherErrors.failed(e, current, false, false));
        } catch (LeaseLock.LockLostException e) {
            throw new ScriptFailedException(e.getMessage() + "; the migration was rolled back", 0, 0, false, false, e,
                    ScriptFailedException.Kind.LOCK_LOST);
        }
    }

    /**
     * Each statement committed on its own. When one fails after others committed (or a batching statement
     * committed some batches), the migration's failure asks to be recorded as a failed entry naming that
     * statement ({@link #recordFailure}); when nothing was applied, nothing is recorded and the fixed file
     * simply runs again. A callback is never recorded.
     */
    private void statementByStatement(CypherScript cypher, boolean migration) {
        try (Session session = session()) {
            for (CypherStatement statement : cypher.statements()) {
                try {
                    session.run(statement.text()).consume();
                } catch (Neo4jException e) {
                    boolean partial = statement.number() > 1 || CypherScript.isAutoCommit(statement);
                    throw whenServerGone(e, CypherErrors.failed(e, statement, migration && partial, partial,
                            "its statements run one by one, each committed on its own: " + cypher.reason()));
                }
            }
        }
    }

    /**
     * A transaction the server terminated (Neo4j says: a timeout, an operator, or the database shutting down) is
     * the store going away only if the database no longer serves: a shutdown marks the database unavailable before
     * it terminates what still runs, so a fresh transaction on it fails then. Asked three times over a second, so
     * a connection that breaks while the server stops is seen too; a server that terminated a slow or killed
     * transaction still answers, and the failure stays the file's.
     */
    private ScriptFailedException whenServerGone(Neo4jException e, ScriptFailedException failure) {
        if (failure.kind() != ScriptFailedException.Kind.SCRIPT || !CypherErrors.terminated(e)) {
            return failure;
        }
        for (int probe = 0; probe < 3; probe++) {
            try {
                if (probe > 0) {
                    Thread.sleep(500);
                }
                try (Session session = session()) {
                    session.run("RETURN 1").consume();
                }
            } catch (Neo4jException | InterruptedException gone) {
                if (gone instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                return new ScriptFailedException(failure.getMessage(), failure.line(), failure.statement(),
                        failure.recordAsFailed(), failure.partiallyApplied(), e, ScriptFailedException.Kind.CONNECTION_LOST);
            }
        }
        return failure;
    }

    /** The entry of a script whose statements already committed; if it cannot be written, say exactly that. */
    private void recordAfterCommit(CypherScript cypher, LedgerEntry entry) {
        try {
            inTransaction(tx -> writeEntry(tx, entry, null));
        } catch (Neo4jException | LeaseLock.LockLostException e) {
            String reason = e instanceof Neo4jException n ? CypherErrors.reason(n) : e.getMessage();
            ScriptFailedException.Kind kind = e instanceof Neo4jException n ? CypherErrors.kind(n)
                    : ScriptFailedException.Kind.LOCK_LOST;
            throw new ScriptFailedException("all " + cypher.statements().size() + " statements were applied ("
                    + cypher.reason() + "), but the ledger entry could not be written: " + reason, 0, 0, false, true, e,
                    kind);
        }
    }

    /** The failed entry keeps which statement failed, on which line, and Neo4j's error code. */
    @Override
    public void recordFailure(LedgerEntry failed, ScriptFailedException failure) {
        String code = failure.getCause() instanceof Neo4jException n ? n.code() : null;
        ledgerWrite(tx -> writeEntry(tx, failed, new GraphLedger.Failure(failure.statement(), failure.line(), code)));
        known.put(failed.rank(), failed);
    }

    /** Every ledger write checks, in its own transaction, that this run still holds the lock. */
    private void writeEntry(Transaction tx, LedgerEntry entry, GraphLedger.Failure failure) {
        lastWritten = entry;
        if (lock == null) {
            ledger.insert(tx, entry, failure);
        } else {
            // the ownership check and the entry in one statement: one round trip per migration, not two
            boolean recreated = false;
            if (!ledger.insertGuarded(tx, entry, failure, LeaseLock.HELD_GUARD, lock.guardParams())) {
                recreated = lock.recreateIfVanished(tx); // a script deleted our lock node (not a takeover)
                lock.requireHeld(recreated);
                ledger.insert(tx, entry, failure);
            }
            int recreations = lock.recreations();
            if (recreated || recreations != recreationsSeen) {
                // the lock node vanished during this script: the ledger nodes likely went with it
                int entries = ledger.restore(tx, known.values());
                recreationsSeen = recreations;
                restored = new Restored(true, entries);
            }
        }
    }

    @Override
    public List<dev.weave.model.ForeignEntry> readForeignHistory(String tool, String location) {
        try (Session session = session()) {
            return query(() -> ForeignHistories.read(session, database, tool, location));
        }
    }

    @Override
    public void appendEntry(LedgerEntry entry) {
        ledgerWrite(tx -> writeEntry(tx, entry, null));
        known.put(entry.rank(), entry);
    }

    @Override
    public void removeEntry(int rank) {
        ledgerWrite(tx -> {
            if (lock != null) {
                lock.assertHeld(tx);
            }
            ledger.delete(tx, rank);
        });
        known.remove(rank);
    }

    @Override
    public void updateEntry(LedgerEntry entry) {
        ledgerWrite(tx -> {
            if (lock != null) {
                lock.assertHeld(tx);
            }
            ledger.update(tx, entry);
        });
        known.computeIfPresent(entry.rank(), (rank, old) -> new LedgerEntry(rank, old.version(), entry.description(),
                old.type(), old.script(), entry.checksum(), old.installedBy(), old.installedOn(), old.executionMillis(),
                old.success()));
    }

    /**
     * {@code everything}: the whole graph, its constraints and indexes (Weave's included). Otherwise only
     * Weave's own: this database's ledger nodes, the lock node, and their constraints.
     */
    @Override
    public dev.weave.spi.schema.SchemaSnapshot readSchema() {
        try (Session session = session()) {
            return query(() -> Neo4jSchema.read(session));
        }
    }

    /** One node per database, beside the ledger: the schema as migrate left it, for weave db diff. */
    @Override
    public void recordSchema(dev.weave.spi.schema.SchemaSnapshot snapshot) {
        try (Session session = session()) {
            query(() -> session.executeWrite(tx -> tx.run("MERGE (s:" + SCHEMA_LABEL + " {database: $database})"
                    + " SET s.text = $text, s.recordedAt = datetime()", java.util.Map.of("database", database,
                    "text", snapshot.text())).consume()));
        }
    }

    @Override
    public dev.weave.spi.schema.SchemaSnapshot readRecordedSchema() {
        try (Session session = session()) {
            List<org.neo4j.driver.Record> rows = query(() -> session.run("MATCH (s:" + SCHEMA_LABEL
                    + " {database: $database}) RETURN s.text AS text", java.util.Map.of("database", database)).list());
            return rows.isEmpty() ? null : dev.weave.spi.schema.SchemaSnapshot.parse(rows.get(0).get("text").asString());
        }
    }

    @Override
    public List<String> clean(boolean everything) {
        if (lock != null) {
            lock.removingOnPurpose();
        }
        known.clear();
        return query(() -> everything ? new GraphCleaner(driver, database).dropAll() : dropWeaveOnly());
    }

    private List<String> dropWeaveOnly() {
        List<String> removed = new ArrayList<>();
        long entries = ledger.deleteAll();
        if (entries > 0) {
            removed.add("ledger: " + entries + " :" + GraphLedger.LABEL + " nodes of database " + database);
        }
        if (!ledger.othersRemain() && Constraints.drop(driver, database, GraphLedger.CONSTRAINT)) {
            removed.add("constraint " + GraphLedger.CONSTRAINT);
        }
        if (Constraints.drop(driver, database, LeaseLock.CONSTRAINT)) {
            removed.add("constraint " + LeaseLock.CONSTRAINT);
        }
        try (Session session = session()) {
            long schemas = session.executeWrite(tx -> tx.run("MATCH (s:" + SCHEMA_LABEL + " {database: $database})"
                    + " DELETE s RETURN count(s) AS n", java.util.Map.of("database", database)).single().get("n").asLong());
            if (schemas > 0) {
                removed.add("recorded schema :" + SCHEMA_LABEL);
            }
            long locks = session.executeWrite(tx -> tx.run("MATCH (l:" + LeaseLock.LABEL + " {database: $database})"
                    + " DELETE l RETURN count(l) AS n", java.util.Map.of("database", database)).single().get("n").asLong());
            if (locks > 0) {
                removed.add("lock node :" + LeaseLock.LABEL);
            }
        }
        return removed;
    }

    /** Its sessions are closed already; the driver goes too unless it is the application's. */
    @Override
    public void close() {
        endpoint.close(driver);
    }

    private void ledgerWrite(TxAction action) {
        try {
            inTransaction(action);
        } catch (Neo4jException e) {
            throw CypherErrors.storeError(endpoint.address(), e);
        } catch (LeaseLock.LockLostException e) {
            throw new dev.weave.error.StoreErrorException("target " + endpoint.target() + ": " + e.getMessage(), e);
        }
    }

    private void inTransaction(TxAction action) {
        try (Session session = session(); Transaction tx = session.beginTransaction()) {
            action.run(tx);
            tx.commit();
        }
    }

    private <T> T query(Supplier<T> query) {
        try {
            return query.get();
        } catch (Neo4jException e) {
            throw CypherErrors.storeError(endpoint.address(), e);
        }
    }

    private Session session() {
        return driver.session(SessionConfig.forDatabase(database));
    }


    private interface TxAction {
        void run(Transaction tx);
    }
}
