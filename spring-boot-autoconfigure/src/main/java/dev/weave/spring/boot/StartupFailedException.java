package dev.weave.spring.boot;

import dev.weave.error.ExitCode;
import dev.weave.error.WeaveException;

/** Start-up stopped because a target failed to migrate or validate; the message says which and why. */
public final class StartupFailedException extends WeaveException {

    private final ExitCode kind;

    StartupFailedException(String message, int exitCode) {
        super(message);
        ExitCode found = ExitCode.MIGRATION_FAILED;
        for (ExitCode code : ExitCode.values()) {
            if (code.code() == exitCode) {
                found = code;
            }
        }
        this.kind = found;
    }

    @Override
    public ExitCode kind() {
        return kind;
    }
}
