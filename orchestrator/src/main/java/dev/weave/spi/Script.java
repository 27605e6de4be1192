package dev.weave.spi;

import dev.weave.model.MigrationFile;

/**
 * A script ready to run: the file it came from and its text with placeholders already substituted.
 * Line numbers in {@code text} match the file's.
 */
public record Script(MigrationFile file, String text) {
}
