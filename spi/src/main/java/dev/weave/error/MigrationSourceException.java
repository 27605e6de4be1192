package dev.weave.error;

import java.nio.file.Path;

/**
 * A migration file breaks a rule: its name, its encoding, a duplicate version, a placeholder without a
 * value. Detected before anything runs. Exit 2.
 */
public class MigrationSourceException extends ConfigurationException {

    private final Path file;
    private final int line;

    public MigrationSourceException(Path file, int line, String message) {
        super(file + (line > 0 ? ":" + line : "") + ": " + message);
        this.file = file;
        this.line = line;
    }

    public MigrationSourceException(Path file, String message) {
        this(file, 0, message);
    }

    public Path file() {
        return file;
    }

    /** 1-based line, or 0 when the problem is the file as a whole. */
    public int line() {
        return line;
    }
}
