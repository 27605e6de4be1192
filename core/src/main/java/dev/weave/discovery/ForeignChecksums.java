package dev.weave.discovery;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Scanner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The checksums other tools record, recomputed from a file so that {@code weave db adopt} can tell whether the
 * file Weave has is the file that tool ran. Each is checked against the real tool's ledger in the tests.
 */
public final class ForeignChecksums {

    private ForeignChecksums() {
    }

    /**
     * Flyway's: a CRC32 over the file's lines as UTF-8, each without its line break (so CRLF and LF files agree),
     * a leading byte-order mark dropped; recorded as a signed 32-bit integer.
     */
    public static int flyway(Path file) {
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

    /** neo4j-migrations' statement delimiter: a semicolon at the end of a line. */
    private static final Pattern CYPHER_DELIMITER = Pattern.compile(";(?:\\r?\\n|\\r)");
    /** neo4j-migrations' {@code :use <database>} lines, which it keeps as statements of their own. */
    private static final Pattern USE_DATABASE = Pattern.compile(
            "(?i):use +([a-z][a-z\\d.\\-]{2,62})(?:;?(?:\\r?\\n|\\r)?)?");

    /**
     * neo4j-migrations' default (not its Flyway-compatible mode): the file split into statements at a semicolon
     * that ends a line, each trimmed and without a last semicolon, empty ones dropped, {@code :use} lines taken out
     * as statements of their own; a CRC32 over the statements' UTF-8 bytes, recorded unsigned. Line breaks inside a
     * statement count as they are in the file (its {@code autocrlf} is off by default).
     */
    public static String neo4jMigrations(Path file) {
        List<String> statements = new ArrayList<>();
        try (Scanner scanner = new Scanner(file, StandardCharsets.UTF_8)) {
            scanner.useDelimiter(CYPHER_DELIMITER);
            while (scanner.hasNext()) {
                String statement = scanner.next().trim().replaceAll(";$", "").trim();
                if (statement.isEmpty()) {
                    continue;
                }
                Matcher use = USE_DATABASE.matcher(statement);
                StringBuilder rest = new StringBuilder();
                while (use.find()) {
                    use.appendReplacement(rest, "");
                    statements.add(use.group(0).trim());
                }
                use.appendTail(rest);
                if (!rest.isEmpty()) {
                    statements.add(rest.toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        CRC32 crc = new CRC32();
        for (String statement : statements) {
            crc.update(statement.getBytes(StandardCharsets.UTF_8));
        }
        return Long.toString(crc.getValue());
    }

    /**
     * elasticsearch-evolution's (its defaults): the file's text as UTF-8 with every line break read as LF, and
     * Java's {@code String.hashCode()} of it; an empty file it does not run at all.
     */
    public static int elasticsearchEvolution(Path file) {
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            return text.replaceAll("\\R", "\n").hashCode();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
