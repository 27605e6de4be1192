package dev.weave.store.neo4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Scanner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * neo4j-migrations' checksum of a file, recomputed so that {@code weave db adopt} can tell whether the file Weave has is the file neo4j-migrations ran. Checked against the real tool's history in the adopt tests.
 */
final class Neo4jMigrationsChecksum {

    private Neo4jMigrationsChecksum() {
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
    static String neo4jMigrations(Path file) {
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
}
