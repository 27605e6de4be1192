package dev.weave.store.postgres;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * Flyway's checksum of a file, recomputed so that {@code weave db adopt} can tell whether the file Weave has is the file Flyway ran. Checked against the real tool's history in the adopt tests.
 */
final class FlywayChecksum {

    private FlywayChecksum() {
    }

    /**
     * Flyway's: a CRC32 over the file's lines as UTF-8, each without its line break (so CRLF and LF files agree),
     * a leading byte-order mark dropped; recorded as a signed 32-bit integer.
     */
    static int flyway(Path file) {
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        CRC32 crc = new CRC32();
        try (BufferedReader lines = new BufferedReader(new StringReader(text))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                crc.update(line.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        }
        return (int) crc.getValue();
    }
}
