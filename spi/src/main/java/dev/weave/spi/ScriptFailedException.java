package dev.weave.spi;

/**
 * A script failed in the store. Thrown by adapters; the engine turns it into the user's message.
 *
 * @see StoreConnection#apply(Script, dev.weave.model.LedgerEntry)
 */
public class ScriptFailedException extends RuntimeException {

    /** What stopped the script: its own content, or something around it that fixing the file would not change. */
    public enum Kind {
        /** The store refused the script (syntax, constraint, missing object ...): the file needs a look. */
        SCRIPT,
        /** The connection to the store broke while the script ran (server stopped, network gone). */
        CONNECTION_LOST,
        /** This run lost its lock to another runner while the script ran (it stalled past its lease). */
        LOCK_LOST
    }

    private final Kind kind;
    private final int line;
    private final int statement;
    private final boolean recordAsFailed;
    private final boolean partiallyApplied;
    private boolean failureRecorded;

    /**
     * @param storeMessage     the store's own reason, without secrets
     * @param line             1-based line in the file where the failing statement (or error) is, 0 if unknown
     * @param statement        1-based number of the failing statement in the file, 0 if unknown
     * @param recordAsFailed   true when the failure must be recorded as a failed ledger entry (the script ran
     *                         without a transaction, so what it did may stay); the engine writes it
     * @param partiallyApplied true when earlier statements of the script stay applied (no transaction)
     */
    public ScriptFailedException(String storeMessage, int line, int statement, boolean recordAsFailed,
                                 boolean partiallyApplied, Throwable cause) {
        this(storeMessage, line, statement, recordAsFailed, partiallyApplied, cause, Kind.SCRIPT);
    }

    /** As above, for a failure that is not the script's own ({@code kind} other than {@link Kind#SCRIPT}). */
    public ScriptFailedException(String storeMessage, int line, int statement, boolean recordAsFailed,
                                 boolean partiallyApplied, Throwable cause, Kind kind) {
        super(storeMessage, cause);
        this.kind = kind;
        this.line = line;
        this.statement = statement;
        this.recordAsFailed = recordAsFailed;
        this.partiallyApplied = partiallyApplied;
    }

    public Kind kind() {
        return kind;
    }

    public int line() {
        return line;
    }

    public int statement() {
        return statement;
    }

    public boolean recordAsFailed() {
        return recordAsFailed;
    }

    /** Whether the engine wrote the failed entry that {@link #recordAsFailed()} asked for. */
    public boolean failureRecorded() {
        return failureRecorded;
    }

    /** Set by the engine once {@link StoreConnection#recordFailure} has written the failed entry. */
    public void markRecorded() {
        this.failureRecorded = true;
    }

    public boolean partiallyApplied() {
        return partiallyApplied;
    }
}
