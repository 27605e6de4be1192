package dev.weave.store.neo4j;

import dev.weave.error.ConfigurationException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * neo4j-migrations' CLI configuration ({@code neo4j.conf}, a Java properties file keyed by its options: address,
 * username, password, database) beside the Neo4j folder, read as Weave's settings so that a team switching from
 * neo4j-migrations connects with what it has. Looked for in the target's folder and the folder above it (the
 * default layout's {@code neo4j/} above {@code neo4j/cypher/}); its other keys (location, transaction-mode …)
 * are neo4j-migrations' own and are left alone.
 */
final class Neo4jMigrationsConfig {

    static final String FILE_NAME = "neo4j.conf";

    /** neo4j-migrations' option → Weave's setting. */
    private static final Map<String, String> KEYS = Map.of("address", "uri", "username", "user",
            "password", "password", "database", "database");

    private Neo4jMigrationsConfig() {
    }

    static Map<String, String> near(Path targetFolder) {
        if (targetFolder == null) {
            return Map.of();
        }
        Path here = targetFolder.resolve(FILE_NAME);
        if (Files.isRegularFile(here)) {
            return read(here);
        }
        Path parent = targetFolder.toAbsolutePath().getParent();
        Path above = parent == null ? null : parent.resolve(FILE_NAME);
        return above != null && Files.isRegularFile(above) ? read(above) : Map.of();
    }

    private static Map<String, String> read(Path file) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigurationException(file + ": cannot be read as neo4j-migrations' configuration (a properties"
                    + " file of address, username, password, database): " + e.getMessage());
        }
        Map<String, String> settings = new LinkedHashMap<>();
        KEYS.forEach((theirs, ours) -> {
            String value = properties.getProperty(theirs);
            if (value != null && !value.isBlank()) {
                settings.put(ours, value.strip());
            }
        });
        return settings;
    }
}
