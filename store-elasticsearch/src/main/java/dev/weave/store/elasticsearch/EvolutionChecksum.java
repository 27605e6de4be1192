package dev.weave.store.elasticsearch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * elasticsearch-evolution's checksum of a file, recomputed so that {@code weave db adopt} can tell whether the file Weave has is the file elasticsearch-evolution ran. Checked against the real tool's history in the adopt tests.
 */
final class EvolutionChecksum {

    private EvolutionChecksum() {
    }

    /**
     * elasticsearch-evolution's (its defaults): the file's text as UTF-8 with every line break read as LF, and
     * Java's {@code String.hashCode()} of it; an empty file it does not run at all.
     */
    static int elasticsearchEvolution(Path file) {
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            return text.replaceAll("\\R", "\n").hashCode();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
