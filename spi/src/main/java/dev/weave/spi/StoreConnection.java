package dev.weave.spi;

import dev.weave.model.LedgerEntry;

import java.time.Duration;
import java.util.List;

/**
 * An open connection to one target: the minimal port the engine drives (lock, ledger, run). Not
 * thread-safe; one engine operation uses it at a time.
 */
public interface StoreConnection extends AutoCloseable {

    /** Where this connection points, for messages: address, database, ledger name. Never a secret. */
    String describe();

    /** The user the store knows us as; the default for the ledger's "installed by". */
    String currentUser();

    /**
     * Takes the target's lock, waiting up to {@code timeout}. The lock dies with its holder (session
     * lock, or a lease that is renewed while held and taken over after it expires). {@link Duration#ZERO} tries
     * once and does not wait; after a timeout the same connection may ask again (the core tries once, and waits
     * only when another runner holds the lock).
     *
     * @throws dev.weave.error.LockTimeoutException when another runner holds it for longer
     */
    Lock lock(Duration timeout);

    /** Creates the ledger if it does not exist yet; safe to call concurrently from two runners. */
    void createLedger();

    /** All ledger entries ordered by rank; empty when the ledger does not exist. */
    List<LedgerEntry> readLedger();

    /**
     * Runs a migration's script and records {@code entry} (with its execution time filled in). Where the
     * store allows it, script and entry commit together. Success is never recorded for a script that did not
     * complete, and a failure is not recorded here: the exception says whether it must be
     * ({@link ScriptFailedException#recordAsFailed()}), and the engine then calls {@link #recordFailure}.
     *
     * @throws ScriptFailedException when the script fails
     */
    void apply(Script script, LedgerEntry entry);

    /**
     * Writes the failed entry of a script whose failure left the store changed (it ran without a transaction),
     * right after {@link #apply} threw {@code failure}, under the lock, before any callback runs. The engine
     * calls it in one place for every store; a store adds here what it keeps about a failure.
     *
     * @throws RuntimeException when the entry could not be written; the user is then told it was not recorded
     */
    default void recordFailure(LedgerEntry failed, ScriptFailedException failure) {
        appendEntry(failed);
    }

    /**
     * Reads the history another tool left in this store (one of {@link StoreAdapter#historySources()}), in the
     * tool's order, without changing it.
     *
     * @param location the table, label or index that holds it (the default, or what the user named)
     * @throws dev.weave.error.ConfigurationException when it is not there, naming where it looked
     */
    default List<dev.weave.model.ForeignEntry> readForeignHistory(String tool, String location) {
        throw new dev.weave.error.ConfigurationException(describe() + ": this store cannot read the history of " + tool);
    }

    /**
     * Reads the live schema (tables and columns, constraints and indexes, mappings …) as a comparable snapshot,
     * leaving out Weave's own ledger and lock.
     *
     * @throws UnsupportedOperationException for a store without {@link StoreAdapter#schema()}
     */
    default dev.weave.spi.schema.SchemaSnapshot readSchema() {
        throw new UnsupportedOperationException(describe() + ": this store reads no schema");
    }

    /**
     * Records the schema as it stands after a migrate, in the ledger, for a store whose diff compares against it
     * ({@link dev.weave.spi.schema.StoreSchema.Reference#RECORDED_SNAPSHOT}); called under the lock.
     */
    default void recordSchema(dev.weave.spi.schema.SchemaSnapshot snapshot) {
    }

    /** The schema {@link #recordSchema} last recorded; null when none was. */
    default dev.weave.spi.schema.SchemaSnapshot readRecordedSchema() {
        return null;
    }

    /** Runs a callback script; nothing is recorded. */
    void runCallback(Script script);

    /** Appends an entry that runs no script (baseline, delete marker). */
    void appendEntry(LedgerEntry entry);

    /** Removes the entry with this rank (repair removes failed entries). */
    void removeEntry(int rank);

    /** Rewrites checksum and description of the entry with this rank (repair realigns edited files). */
    void updateEntry(LedgerEntry entry);

    /**
     * Removes Weave's ledger and lock and, for {@code everything}, all objects the migrations created.
     *
     * @return one line per thing removed, for the report
     */
    List<String> clean(boolean everything);

    @Override
    void close();

    /** A held lock; closing releases it. */
    interface Lock extends AutoCloseable {
        @Override
        void close();
    }
}
