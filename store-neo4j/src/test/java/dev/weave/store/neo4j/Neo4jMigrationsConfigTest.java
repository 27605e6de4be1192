package dev.weave.store.neo4j;

import dev.weave.api.WeaveConfig;
import dev.weave.core.Weave;
import dev.weave.error.ConfigurationException;
import dev.weave.error.StoreUnreachableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A team switching from neo4j-migrations keeps its {@code neo4j.conf} (its CLI's address, username, password,
 * database) beside the Neo4j folder; Weave connects with it, below the environment, weave.yaml and flags.
 */
class Neo4jMigrationsConfigTest {

    @TempDir
    Path root;

    private final Neo4jFixture fixture = Neo4jFixture.NODES;

    private Path layout() throws Exception {
        fixture.freshTarget("neo4j");
        Path cypher = Files.createDirectories(root.resolve(".weave/migrations/neo4j/cypher"));
        Files.writeString(cypher.resolve("V1__people.cypher"), "CREATE (:Person {name: 'Ada'});\n");
        Files.writeString(root.resolve(".weave/migrations/neo4j/neo4j.conf"), "# neo4j-migrations CLI\n"
                + "address=" + fixture.server.boltUri() + "\nusername=" + fixture.server.user() + "\npassword="
                + fixture.server.password() + "\nlocation=file:cypher\ntransaction-mode=PER_MIGRATION\n");
        return root.resolve(".weave/migrations");
    }

    private Weave weave(Path migrations, Map<String, String> environment) {
        return Weave.create(WeaveConfig.builder().location(migrations).environment(environment)
                .lockTimeout(Duration.ofSeconds(30)).build());
    }

    @Test
    void theNeo4jMigrationsConfigBesideTheFolderConnectsTheTarget() throws Exception {
        Path migrations = layout();
        assertEquals(List.of("V1__people.cypher"), weave(migrations, Map.of()).migrate("neo4j").applied().stream()
                .map(m -> m.script()).toList(), "address, username and password came from neo4j.conf alone");
    }

    @Test
    void theEnvironmentOverridesIt() throws Exception {
        Path migrations = layout();
        StoreUnreachableException e = assertThrows(StoreUnreachableException.class,
                () -> weave(migrations, Map.of("NEO4J_PASSWORD", "not-the-password")).migrate("neo4j"));
        assertTrue(e.getMessage().contains("refused the credentials"), e.getMessage());
        assertFalse(e.getMessage().contains(fixture.server.password()), "no password in the message");
    }

    @Test
    void aConfigThatCannotBeReadNamesTheFile() throws Exception {
        Path migrations = layout();
        Files.writeString(migrations.resolve("neo4j/neo4j.conf"), "address=\\u00zz\n");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> weave(migrations, Map.of()).migrate("neo4j"));
        assertTrue(e.getMessage().contains("neo4j.conf: cannot be read as neo4j-migrations' configuration"),
                e.getMessage());
    }
}
