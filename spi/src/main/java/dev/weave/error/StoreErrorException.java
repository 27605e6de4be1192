package dev.weave.error;

/**
 * The store answered with an error outside a migration script (the ledger could not be read or written,
 * a permission is missing). Exit 1: the run did not complete.
 */
public class StoreErrorException extends WeaveException {

    public StoreErrorException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ExitCode kind() {
        return ExitCode.MIGRATION_FAILED;
    }
}
