package dev.weave.error;

/** The stable, documented exit codes of the {@code weave} command. */
public enum ExitCode {
    OK(0),
    MIGRATION_FAILED(1),
    USAGE_OR_CONFIGURATION(2),
    VALIDATION_PROBLEMS(3),
    STORE_UNREACHABLE(4),
    LOCK_NOT_ACQUIRED(5),
    /** {@code weave db diff} found the schemas different (drift, or a declared schema not yet migrated). */
    SCHEMA_DIFFERS(6);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
