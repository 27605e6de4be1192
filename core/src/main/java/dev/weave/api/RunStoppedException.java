package dev.weave.api;

import dev.weave.error.ExitCode;
import dev.weave.error.WeaveException;

/**
 * A target of a multi-target run stopped before finishing: another target failed (and --keep-going was
 * not given), or a migration's cross-store dependency can no longer be met. Exit 1.
 */
public class RunStoppedException extends WeaveException {

    public RunStoppedException(String message) {
        super(message);
    }

    @Override
    public ExitCode kind() {
        return ExitCode.MIGRATION_FAILED;
    }
}
