package dev.weave.error;

/** The stable, documented exit codes of the {@code weave} command. */
public enum ExitCode {
    OK(0),
    MIGRATION_FAILED(1),
    USAGE_OR_CONFIGURATION(2),
    VALIDATION_PROBLEMS(3),
    STORE_UNREACHABLE(4),
    LOCK_NOT_ACQUIRED(5);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
