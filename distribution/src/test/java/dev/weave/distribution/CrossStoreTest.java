package dev.weave.distribution;

import dev.weave.api.WeaveConfig;
import dev.weave.core.Weave;
import dev.weave.model.LedgerEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static dev.weave.distribution.CliHarness.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** migrate-all across different stores: PostgreSQL and Elasticsearch (and Neo4j) as one plan. */
class CrossStoreTest {

    @TempDir
    Path project;

    CliHarness cli;

    @BeforeEach
    void setUp() {
        cli = new CliHarness(project);
    }

    @Test
    void anElasticsearchMigrationWaitsForThePostgresVersionItDependsOn() {
        Path app = cli.database("xs_app");
        write(app.resolve("V1__users.sql"), "CREATE TABLE users (id INT);");
        write(app.resolve("V2__slow_backfill.sql"), "SELECT pg_sleep(1.5);");
        Path es = project.resolve(".weave/migrations/elasticsearch/scripts");
        write(es.resolve("V1__docs_index.http"), "# depends-on: xs_app:2\nPUT /xs1_docs\n");

        CliHarness.Run run = cli.weave("db", "migrate-all", "--set", "indexPrefix=xs1_");

        assertEquals(0, run.exit(), run.all());
        assertTrue(run.out().matches("(?s).*elasticsearch\\s+elasticsearch\\s+APPLIED.*"), run.out());
        Instant pgV2 = entry("xs_app", "2", "xs1_").installedOn();
        Instant esV1 = entry("elasticsearch", "1", "xs1_").installedOn();
        assertTrue(!esV1.isBefore(pgV2.plusMillis(1400)), "Elasticsearch V1 started at " + esV1
                + " before PostgreSQL V2 (started " + pgV2 + ", 1.5 s) had finished");
    }

    @Test
    void noIncludeLeavesAStoreTypeOut() {
        write(cli.database("xs_only_pg").resolve("V1__users.sql"), "CREATE TABLE users (id INT);");
        write(project.resolve(".weave/migrations/elasticsearch/scripts/V1__docs.http"), "PUT /xs2_docs\n");

        CliHarness.Run pgOnly = cli.weave("db", "migrate-all", "--set", "indexPrefix=xs2_", "--no-include-elasticsearch");
        assertEquals(0, pgOnly.exit(), pgOnly.all());
        assertFalse(pgOnly.out().contains("elasticsearch "), pgOnly.out());
        assertTrue(history("elasticsearch", "xs2_").isEmpty());

        CliHarness.Run esOnly = cli.weave("db", "migrate-all", "--set", "indexPrefix=xs2_", "--no-include-postgres");
        assertEquals(0, esOnly.exit(), esOnly.all());
        assertTrue(esOnly.out().matches("(?s).*elasticsearch\\s+elasticsearch\\s+APPLIED.*"), esOnly.out());
        assertFalse(esOnly.out().contains("xs_only_pg"), esOnly.out());
    }

    @Test
    void aDependencyOnATargetLeftOutOfTheRunMustAlreadyBeApplied() {
        Path app = cli.database("xs_left");
        write(app.resolve("V1__users.sql"), "CREATE TABLE users (id INT);");
        write(project.resolve(".weave/migrations/elasticsearch/scripts/V1__docs.http"), "# depends-on: xs_left:1\nPUT /xs3_docs\n");

        CliHarness.Run blocked = cli.weave("db", "migrate-all", "--set", "indexPrefix=xs3_", "--no-include-postgres");
        assertEquals(1, blocked.exit(), blocked.all());
        assertTrue(blocked.out().matches("(?s).*elasticsearch\\s+elasticsearch\\s+BLOCKED.*"), blocked.out());
        assertTrue(blocked.out().contains("is not part of this run"), blocked.out());

        cli.weave("db", "migrate", "xs_left");
        CliHarness.Run after = cli.weave("db", "migrate-all", "--set", "indexPrefix=xs3_", "--no-include-postgres");
        assertEquals(0, after.exit(), after.all());
    }

    @Test
    void threeStoresRunAsOnePlanInDependencyOrder() {
        dev.weave.local.neo4j.SharedNeo4j.get().reset();
        Path app = cli.database("xs3_app");
        write(app.resolve("V1__users.sql"), "CREATE TABLE users (id INT);");
        write(app.resolve("V2__slow.sql"), "SELECT pg_sleep(1);");
        Path graph = project.resolve(".weave/migrations/neo4j/cypher");
        write(graph.resolve("V1__users.cypher"), "// depends-on: xs3_app:2\nCREATE CONSTRAINT xs3_user IF NOT EXISTS FOR (u:Xs3User) REQUIRE u.id IS UNIQUE;");
        write(graph.resolve("V2__seed.cypher"), "MERGE (:Xs3User {id: 1});");
        Path es = project.resolve(".weave/migrations/elasticsearch/scripts");
        write(es.resolve("V1__docs.http"), "# depends-on: neo4j:2\nPUT /xs4_docs\n");

        CliHarness.Run run = cli.weave("db", "migrate-all", "--set", "indexPrefix=xs4_");

        assertEquals(0, run.exit(), run.all());
        for (String target : List.of("xs3_app", "neo4j", "elasticsearch")) {
            assertTrue(run.out().matches("(?s).*\\n" + target + "\\s+\\S+\\s+APPLIED.*"), run.out());
        }
        Instant pgV2 = entry("xs3_app", "2", "xs4_").installedOn();
        Instant graphV1 = entry("neo4j", "1", "xs4_").installedOn();
        Instant graphV2 = entry("neo4j", "2", "xs4_").installedOn();
        Instant esV1 = entry("elasticsearch", "1", "xs4_").installedOn();
        assertTrue(!graphV1.isBefore(pgV2.plusMillis(900)), "Neo4j V1 ran before PostgreSQL V2 finished");
        assertTrue(esV1.isAfter(graphV2), "Elasticsearch V1 ran before Neo4j V2");

        CliHarness.Run noGraph = cli.weave("db", "migrate-all", "--set", "indexPrefix=xs4_", "--no-include-neo4j");
        assertEquals(0, noGraph.exit(), noGraph.all());
        assertFalse(noGraph.out().contains("\nneo4j "), noGraph.out());
    }

    private LedgerEntry entry(String target, String version, String prefix) {
        return history(target, prefix).stream().filter(e -> version.equals(e.version())).findFirst().orElseThrow();
    }

    private List<LedgerEntry> history(String target, String prefix) {
        Weave weave = Weave.create(WeaveConfig.builder().environment(cli.env)
                .location(project.resolve(".weave/migrations")).override("indexPrefix", prefix).build());
        return weave.history(target).entries();
    }
}
