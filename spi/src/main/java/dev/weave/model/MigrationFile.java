package dev.weave.model;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One discovered migration file with its normalised text and checksum. {@code version} is null for
 * repeatable migrations and callbacks; {@code callback} is null unless the kind is CALLBACK.
 *
 * @param script   the path relative to the target's folder, with '/' separators, as recorded in the ledger
 * @param text     the file's text after normalising (UTF-8, no BOM, LF line ends), before placeholders
 * @param checksum the stored form of the checksum, naming its algorithm (e.g. {@code sha256:...})
 */
public record MigrationFile(
        MigrationKind kind,
        MigrationVersion version,
        String description,
        String script,
        Path path,
        String text,
        String checksum,
        CallbackEvent callback) {

    public MigrationFile {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(checksum, "checksum");
    }

    public boolean isVersioned() {
        return kind == MigrationKind.VERSIONED;
    }

    /** "V3 add users" / "R refresh views": how the file is named in messages. */
    public String label() {
        return switch (kind) {
            case VERSIONED, UNDO -> kind.prefix() + version.text() + " " + description;
            case REPEATABLE -> "R " + description;
            case CALLBACK -> callback.fileName();
        };
    }
}
