package dev.weave.store.neo4j;

import dev.weave.api.AutoCreateResult;
import dev.weave.api.DiffResult;
import dev.weave.core.Weave;
import dev.weave.error.ConfigurationException;
import dev.weave.error.MigrationSourceException;
import dev.weave.spi.schema.SchemaDifference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code weave db create --auto} and {@code weave db diff} on the real Neo4j: declared constraints and indexes are
 * generated, migrated and compared equal with the snapshot migrate records; an index dropped or added by hand is
 * drift, named; a declared schema that is not one is an error with file and line.
 */
class Neo4jSchemaDiffTest {

    private static final String DECLARED = """
            // the graph's schema, as the team wants it
            CREATE CONSTRAINT person_email IF NOT EXISTS FOR (p:Person) REQUIRE p.email IS UNIQUE;
            CREATE CONSTRAINT document_id FOR (d:Document) REQUIRE (d.id) IS UNIQUE;
            CREATE INDEX person_name FOR (p:Person) ON (p.name);
            CREATE INDEX person_city_age IF NOT EXISTS FOR (p:Person) ON (p.city, p.age);
            CREATE TEXT INDEX document_title FOR (d:Document) ON (d.title);
            CREATE FULLTEXT INDEX search FOR (n:Document|Note) ON EACH [n.title, n.body];
            CREATE POINT INDEX place_location FOR (p:Place) ON (p.location);
            CREATE INDEX links_since FOR ()-[r:LINKS]-() ON (r.since);
            """;

    @TempDir
    Path folder;
    @TempDir
    Path schema;

    private Weave weave(GraphTarget target) {
        return target.weave(b -> b.schemaLocation(schema));
    }

    @Test
    void declaredConstraintsAndIndexesAreGeneratedMigratedAndThenEqual() throws Exception {
        GraphTarget target = new GraphTarget(folder);
        target.write("V1__people.cypher", "CREATE CONSTRAINT person_email FOR (p:Person) REQUIRE p.email IS UNIQUE;\n"
                + "CREATE INDEX old_index FOR (p:Person) ON (p.nickname);\n");
        Files.writeString(schema.resolve("neo4j.cypher"), DECLARED);
        Weave weave = weave(target);
        weave.migrate(GraphTarget.NAME);
        assertEquals(1, target.count("MATCH (s:__WeaveSchema) RETURN count(s)"), "migrate recorded the schema");

        AutoCreateResult created = weave.createAuto(GraphTarget.NAME, "graph schema");
        String text = Files.readString(created.file());
        assertEquals("V2__graph_schema.cypher", created.file().getFileName().toString());
        assertTrue(text.contains("CREATE CONSTRAINT document_id IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE;"), text);
        assertTrue(text.contains("CREATE FULLTEXT INDEX search IF NOT EXISTS FOR (n:Document|Note) ON EACH [n.title, n.body];"), text);
        assertTrue(text.contains("DROP INDEX old_index IF EXISTS;"), "an index the declared schema lacks is dropped: " + text);
        assertEquals(8, created.steps(), text);

        weave.migrate(GraphTarget.NAME);
        assertEquals(List.of(), described(weave.diff(GraphTarget.NAME, true)), "the declared schema is what the migrations made");
        assertEquals(List.of(), described(weave.diff(GraphTarget.NAME, false)), "no drift");
        assertNull(weave.createAuto(GraphTarget.NAME, "again").file(), "nothing left to generate");
    }

    @Test
    void anIndexDroppedOrAddedByHandIsDrift() throws Exception {
        GraphTarget target = new GraphTarget(folder);
        target.write("V1__schema.cypher", "CREATE CONSTRAINT person_email FOR (p:Person) REQUIRE p.email IS UNIQUE;\n"
                + "CREATE INDEX person_name FOR (p:Person) ON (p.name);\n");
        Weave weave = weave(target);
        weave.migrate(GraphTarget.NAME);
        assertTrue(weave.diff(GraphTarget.NAME, false).equal());

        target.query("DROP INDEX person_name");
        target.query("CREATE TEXT INDEX rogue FOR (p:Person) ON (p.bio)");
        DiffResult drift = weave.diff(GraphTarget.NAME, false);
        assertEquals(List.of("missing index RANGE (:Person).name", "extra index TEXT (:Person).bio"), described(drift));
        assertEquals("rogue", drift.differences().get(1).actual().get("name"));
        assertTrue(drift.expected().startsWith("the schema migrate recorded"), drift.expected());
    }

    @Test
    void aDeclaredSchemaMustHoldNamedConstraintsAndIndexesOnly() throws Exception {
        GraphTarget target = new GraphTarget(folder);
        Weave weave = weave(target);
        Path file = schema.resolve("neo4j.cypher");
        Files.writeString(file, "CREATE INDEX person_name FOR (p:Person) ON (p.name);\n\nMATCH (n) RETURN n;\n");
        MigrationSourceException e = assertThrows(MigrationSourceException.class, () -> weave.createAuto(GraphTarget.NAME, "x"));
        assertTrue(e.getMessage().contains("neo4j.cypher:3"), e.getMessage());
        assertTrue(e.getMessage().contains("only CREATE CONSTRAINT and CREATE INDEX"), e.getMessage());

        Files.writeString(file, "CREATE CONSTRAINT FOR (p:Person) REQUIRE p.email IS UNIQUE;\n");
        e = assertThrows(MigrationSourceException.class, () -> weave.createAuto(GraphTarget.NAME, "x"));
        assertTrue(e.getMessage().contains("neo4j.cypher:1") && e.getMessage().contains("name the constraint"), e.getMessage());
    }

    @Test
    void aPendingMigrationIsAppliedBeforeAnythingIsGenerated() throws Exception {
        GraphTarget target = new GraphTarget(folder);
        target.write("V1__schema.cypher", "CREATE INDEX person_name FOR (p:Person) ON (p.name);\n");
        Weave weave = weave(target);
        weave.migrate(GraphTarget.NAME);
        target.write("V2__more.cypher", "CREATE INDEX person_city FOR (p:Person) ON (p.city);\n");
        Files.writeString(schema.resolve("neo4j.cypher"), "CREATE INDEX person_name FOR (p:Person) ON (p.name);\n");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> weave.createAuto(GraphTarget.NAME, "x"));
        assertTrue(e.getMessage().contains("V2__more.cypher is pending") && e.getMessage().contains("weave db migrate neo4j first"),
                e.getMessage());
    }

    private static List<String> described(DiffResult result) {
        return result.differences().stream().map(SchemaDifference::describe).toList();
    }
}
