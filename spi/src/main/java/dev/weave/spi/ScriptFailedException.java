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
    private final boolean failureRecorded;
    private final boolean partiallyApplied;

    /**
     * @param storeMessage     the store's own reason, without secrets
     * @param line             1-based line in the file where the failing statement (or error) is, 0 if unknown
     * @param statement        1-based number of the failing statement in the file, 0 if unknown
     * @param failureRecorded  true when a failed entry was written to the ledger
     * @param partiallyApplied true when earlier statements of the script stay applied (no transaction)
     */
    public ScriptFailedException(String storeMessage, int line, int statement, boolean failureRecorded,
                                 boolean partiallyApplied, Throwable cause) {
        this(storeMessage, line, statement, failureRecorded, partiallyApplied, cause, Kind.SCRIPT);
    }

    /** As above, for a failure that is not the script's own ({@code kind} other than {@link Kind#SCRIPT}). */
    public ScriptFailedException(String storeMessage, int line, int statement, boolean failureRecorded,
                                 boolean partiallyApplied, Throwable cause, Kind kind) {
        super(storeMessage, cause);
        this.kind = kind;
        this.line = line;
        this.statement = statement;
        this.failureRecorded = failureRecorded;
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

    public boolean failureRecorded() {
        return failureRecorded;
    }

    public boolean partiallyApplied() {
        return partiallyApplied;
    }
}
