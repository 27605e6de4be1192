package dev.weave.spi;

import dev.weave.model.MigrationFile;

import java.util.function.Consumer;

/**
 * A script ready to run: the file it came from and its text with placeholders already substituted.
 * Line numbers in {@code text} match the file's.
 *
 * @param warnings where a store reports what the server warned about while the script ran (a deprecated
 *                 API, say): the engine turns them into Weave's own warnings naming the target and file, so
 *                 no library logging reaches the user's terminal unformatted
 */
public record Script(MigrationFile file, String text, Consumer<String> warnings) {

    public Script {
        warnings = warnings == null ? w -> { } : warnings;
    }

    public Script(MigrationFile file, String text) {
        this(file, text, null);
    }

    /** Reports a warning about this script, e.g. "request 2 (PUT /logs, line 7): [legacy templates are deprecated]". */
    public void warn(String message) {
        warnings.accept(message);
    }
}
