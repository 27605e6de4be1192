package dev.weave.model;

/** What a migration file is, read from its name prefix. */
public enum MigrationKind {
    /** {@code V<version>__<description>}: applied once, in version order. */
    VERSIONED("V"),
    /** {@code U<version>__<description>}: reverses the versioned migration of the same version. */
    UNDO("U"),
    /** {@code R__<description>}: re-applied whenever its checksum changes, after all versioned ones. */
    REPEATABLE("R"),
    /** {@code beforeMigrate}, {@code afterMigrate}, {@code afterMigrateError}: run around a migrate, never recorded. */
    CALLBACK("");

    private final String prefix;

    MigrationKind(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }
}
