package dev.weave.api;

import dev.weave.error.ExitCode;
import dev.weave.error.WeaveException;

/** A migration's script failed in the store. The message names the file, the line and the store's reason. Exit 1. */
public class MigrationFailedException extends WeaveException {

    public MigrationFailedException(String message) {
        super(message);
    }

    public MigrationFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ExitCode kind() {
        return ExitCode.MIGRATION_FAILED;
    }
}
