package dev.weave.store.neo4j;

import dev.weave.model.EntryType;
import dev.weave.model.LedgerEntry;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.Transaction;
import org.neo4j.driver.Value;
import org.neo4j.driver.Values;

import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ledger as {@code (:__WeaveMigration)} nodes, one per entry, with the same record as every store
 * (rank, version, description, type, script, checksum, installedBy, installedOn, executionMillis,
 * success) plus the database it belongs to. A failed entry also names the statement that failed
 * ({@code failedStatement}, {@code failedLine}, {@code errorCode}).
 *
 * <p>The ledger is append-only: an undone version is applied again under a new rank, so the version is
 * not unique but the rank is. The uniqueness constraint is on (database, rank): it stops two runners from
 * ever writing the same entry, and keeps ledgers of several databases apart where one server holds them.
 */
final class GraphLedger {

    static final String LABEL = "__WeaveMigration";
    static final String CONSTRAINT = "__weave_migration_rank";

    private final Driver driver;
    private final String database;

    GraphLedger(Driver driver, String database) {
        this.driver = driver;
        this.database = database;
    }

    boolean exists() {
        if (Constraints.exists(driver, database, CONSTRAINT)) {
            return true;
        }
        try (Session session = session()) {
            return session.run("MATCH (m:" + LABEL + " {database: $database}) RETURN count(m) > 0 AS any",
                    Values.parameters("database", database)).single().get("any").asBoolean();
        }
    }

    void create() {
        Constraints.ensure(driver, database, CONSTRAINT, "CREATE CONSTRAINT " + CONSTRAINT + " IF NOT EXISTS FOR (m:"
                + LABEL + ") REQUIRE (m.database, m.rank) IS UNIQUE");
    }

    /**
     * Every entry by rank. Only the fields an entry has are returned, positionally, not whole nodes (labels,
     * element ids, the failure details): on a history of 10,000 entries that is most of the bytes to decode.
     */
    List<LedgerEntry> read() {
        try (Session session = session()) {
            return session.run("MATCH (m:" + LABEL + " {database: $database}) RETURN m.rank, m.version, m.description,"
                    + " m.type, m.script, m.checksum, m.installedBy, m.installedOn, m.executionMillis, m.success"
                    + " ORDER BY m.rank", Values.parameters("database", database)).list(GraphLedger::entry);
        }
    }

    private static LedgerEntry entry(Record r) {
        Value on = r.get(7);
        return new LedgerEntry(r.get(0).asInt(), r.get(1).asString(null), r.get(2).asString(""),
                EntryType.valueOf(r.get(3).asString()), r.get(4).asString(""), r.get(5).asString(null),
                r.get(6).asString(null), on.isNull() ? null : on.asZonedDateTime().toInstant(),
                r.get(8).asLong(0), r.get(9).asBoolean(false));
    }

    private static final String CREATE_ENTRY = "CREATE (m:" + LABEL + ") SET m = $props,"
            + " m.installedOn = coalesce(m.installedOn, datetime())";

    /** Writes the entry in {@code tx}; {@code failure} adds what failed (null for a successful entry). */
    void insert(Transaction tx, LedgerEntry e, Failure failure) {
        tx.run(CREATE_ENTRY, Values.parameters("props", props(e, failure))).consume();
    }

    /**
     * As {@link #insert}, in the same statement as {@code guard} (a {@code MATCH … WITH … WHERE} head that lets one
     * row through or none, see {@link LeaseLock#HELD_GUARD}): one round trip instead of two. False when the guard
     * let nothing through and so nothing was written.
     */
    boolean insertGuarded(Transaction tx, LedgerEntry e, Failure failure, String guard, Map<String, Object> guardParams) {
        Map<String, Object> params = new HashMap<>(guardParams);
        params.put("props", props(e, failure));
        return !tx.run(guard + CREATE_ENTRY + " RETURN 1 AS written", params).list().isEmpty();
    }

    /**
     * Writes back, in {@code tx}, those of {@code known} (the ledger as this run read and wrote it) whose rank has no
     * node any more: what a migration deleting every node took with it. Failure details are not kept in memory, so a
     * restored failed entry has none.
     *
     * @return how many entries were written back
     */
    int restore(Transaction tx, java.util.Collection<LedgerEntry> known) {
        java.util.Set<Integer> present = new java.util.HashSet<>(tx.run("MATCH (m:" + LABEL + " {database: $database})"
                + " RETURN m.rank", Values.parameters("database", database)).list(r -> r.get(0).asInt()));
        List<Map<String, Object>> missing = known.stream().filter(e -> !present.contains(e.rank()))
                .map(e -> props(e, null)).toList();
        if (!missing.isEmpty()) {
            tx.run("UNWIND $entries AS p CREATE (m:" + LABEL + ") SET m = p", Values.parameters("entries", missing)).consume();
        }
        return missing.size();
    }

    private Map<String, Object> props(LedgerEntry e, Failure failure) {
        Map<String, Object> p = new HashMap<>();
        p.put("database", database);
        p.put("rank", e.rank());
        p.put("version", e.version());
        p.put("description", e.description());
        p.put("type", e.type().name());
        p.put("script", e.script());
        p.put("checksum", e.checksum());
        p.put("installedBy", e.installedBy() == null ? "unknown" : e.installedBy());
        p.put("installedOn", e.installedOn() == null ? null : e.installedOn().atZone(ZoneOffset.UTC));
        p.put("executionMillis", e.executionMillis());
        p.put("success", e.success());
        if (failure != null) {
            p.put("failedStatement", failure.statement());
            p.put("failedLine", failure.line());
            p.put("errorCode", failure.code());
        }
        // A null value leaves the property out, as a missing column value would be NULL.
        return p;
    }

    void delete(Transaction tx, int rank) {
        tx.run("MATCH (m:" + LABEL + " {database: $database, rank: $rank}) DELETE m",
                Values.parameters("database", database, "rank", rank)).consume();
    }

    void update(Transaction tx, LedgerEntry e) {
        tx.run("MATCH (m:" + LABEL + " {database: $database, rank: $rank}) SET m.checksum = $checksum, m.description = $description",
                Values.parameters("database", database, "rank", e.rank(), "checksum", e.checksum(),
                        "description", e.description())).consume();
    }

    /** @return how many entries were removed */
    long deleteAll() {
        try (Session session = session()) {
            return session.executeWrite(tx -> tx.run("MATCH (m:" + LABEL + " {database: $database}) DELETE m RETURN count(m) AS n",
                    Values.parameters("database", database)).single().get("n").asLong());
        }
    }

    /** Whether ledgers of other databases still live here (then the shared constraint stays). */
    boolean othersRemain() {
        try (Session session = session()) {
            return session.run("MATCH (m:" + LABEL + ") RETURN count(m) > 0 AS any").single().get("any").asBoolean();
        }
    }

    private Session session() {
        return driver.session(SessionConfig.forDatabase(database));
    }

    /** What a failed entry records about the failure. */
    record Failure(int statement, int line, String code) {
    }
}
