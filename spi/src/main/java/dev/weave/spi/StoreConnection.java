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
     * lock, or a lease that is renewed while held and taken over after it expires).
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
     * store allows it, script and entry commit together; where it cannot, a failure is recorded as a
     * failed entry. Success is never recorded for a script that did not complete.
     *
     * @throws ScriptFailedException when the script fails; tells whether a failed entry was recorded
     */
    void apply(Script script, LedgerEntry entry);

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
