package dev.weave.spi;

/**
 * A script failed in the store. Thrown by adapters; the engine turns it into the user's message.
 *
 * @see StoreConnection#apply(Script, dev.weave.model.LedgerEntry)
 */
public class ScriptFailedException extends RuntimeException {

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
        super(storeMessage, cause);
        this.line = line;
        this.statement = statement;
        this.failureRecorded = failureRecorded;
        this.partiallyApplied = partiallyApplied;
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
