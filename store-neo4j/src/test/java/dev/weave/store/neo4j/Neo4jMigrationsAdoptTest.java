package dev.weave.store.neo4j;

import ac.simons.neo4j.migrations.core.Migrations;
import ac.simons.neo4j.migrations.core.MigrationsConfig;
import dev.weave.api.AdoptResult;
import dev.weave.api.MigrateResult;
import dev.weave.api.ValidationResult;
import dev.weave.core.Weave;
import dev.weave.error.ConfigurationException;
import dev.weave.model.EntryType;
import dev.weave.model.LedgerEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code weave db adopt --from neo4j-migrations} on the chain the real neo4j-migrations (from Maven Central, run
 * here against the real Neo4j) writes: its checksums recomputed by Weave match, migrate then runs only the new
 * file, validate passes, a second adopt writes nothing; an edited or missing file and a graph without a chain are
 * errors that write nothing.
 */
class Neo4jMigrationsAdoptTest {

    @TempDir
    Path folder;

    private GraphTarget applyWithNeo4jMigrations() throws Exception {
        GraphTarget target = new GraphTarget(folder);
        // several statements, a comment, a multi-line statement with CRLF, no final newline: what the checksum reads
        target.write("V1__create_people.cypher", "// people\nCREATE (:Person {name: 'Ada'});\r\n"
                + "MATCH (p:Person {name: 'Ada'})\r\nSET p.city = 'London';");
        target.write("V1_1__unique_names.cypher", "CREATE CONSTRAINT person_name IF NOT EXISTS\n"
                + "FOR (p:Person) REQUIRE p.name IS UNIQUE;\n");
        Migrations migrations = new Migrations(MigrationsConfig.builder()
                .withLocationsToScan("file:" + folder).build(), target.fixture.driver());
        assertEquals("1.1", migrations.apply().orElseThrow().getValue());
        return target;
    }

    @Test
    void theChainIsAdoptedAndMigrateGoesOnWithTheNewFileOnly() throws Exception {
        GraphTarget target = applyWithNeo4jMigrations();
        target.write("V2__add_friend.cypher", "CREATE (:Person {name: 'Grace'});\n");
        Weave weave = target.weave();

        AdoptResult dry = weave.adopt(GraphTarget.NAME, "neo4j-migrations", null, true);
        assertEquals(List.of("MATCH", "MATCH"), dry.mapping().stream().map(AdoptResult.Mapping::checksum).toList(),
                "neo4j-migrations' checksum recomputed by Weave for each file: " + dry.mapping());
        assertEquals(0, weave.history(GraphTarget.NAME).entries().size(), "a dry run writes nothing");

        AdoptResult adopted = weave.adopt(GraphTarget.NAME, "neo4j-migrations", null, false);
        assertEquals(2, adopted.written(), adopted.toString());
        List<LedgerEntry> ledger = weave.history(GraphTarget.NAME).entries();
        assertEquals(List.of(EntryType.ADOPTED, EntryType.ADOPTED), ledger.stream().map(LedgerEntry::type).toList());
        // neo4j-migrations wrote 1.1 for V1_1: the same version, kept as Weave's file names it so that validate matches
        assertEquals(List.of("1", "1_1"), ledger.stream().map(LedgerEntry::version).toList());
        assertTrue(ledger.get(0).installedOn() != null && ledger.get(0).installedBy() != null,
                "when and by whom neo4j-migrations ran it is kept: " + ledger.get(0));
        assertTrue(weave.info(GraphTarget.NAME).toString().contains("ADOPTED"));

        MigrateResult migrate = weave.migrate(GraphTarget.NAME);
        assertEquals(List.of("V2__add_friend.cypher"), migrate.applied().stream().map(m -> m.script()).toList(),
                "only the new file runs; neo4j-migrations' work is not redone");
        assertEquals(1, target.count("MATCH (p:Person {name: 'Ada'}) RETURN count(p)"), "V1 did not run twice");
        assertEquals(ValidationResult.Outcome.VALID, weave.validate(GraphTarget.NAME, false).outcome());

        AdoptResult again = weave.adopt(GraphTarget.NAME, "neo4j-migrations", null, false);
        assertEquals(0, again.written(), "adopting twice writes nothing new: " + again);
        assertEquals(3, target.count("MATCH (n:__Neo4jMigration) RETURN count(n)"),
                "the old chain (baseline and two migrations) is only read");
    }

    @Test
    void aFileEditedSinceNeo4jMigrationsRanItIsRefusedAndNothingIsWritten() throws Exception {
        GraphTarget target = applyWithNeo4jMigrations();
        target.write("V1_1__unique_names.cypher", "CREATE CONSTRAINT person_name IF NOT EXISTS\n"
                + "FOR (p:Person) REQUIRE p.name IS NOT NULL;\n");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> target.weave().adopt(GraphTarget.NAME, "neo4j-migrations", null, false));
        assertTrue(e.getMessage().contains("V1_1__unique_names.cypher was edited after neo4j-migrations ran it")
                && e.getMessage().contains(":__Neo4jMigration node 2 of the chain")
                && e.getMessage().contains("nothing was written"), e.getMessage());
        assertEquals(0, target.weave().history(GraphTarget.NAME).entries().size());
    }

    @Test
    void aFileThatIsGoneIsRefusedNamingTheVersion() throws Exception {
        GraphTarget target = applyWithNeo4jMigrations();
        Files.delete(folder.resolve("V1__create_people.cypher"));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> target.weave().adopt(GraphTarget.NAME, "neo4j-migrations", null, false));
        assertTrue(e.getMessage().contains("version 1 (V1__create_people.cypher) has no file V1__*"), e.getMessage());
        assertEquals(0, target.weave().history(GraphTarget.NAME).entries().size());
    }

    @Test
    void aGraphWithoutTheChainSaysWhereItLooked() {
        GraphTarget target = new GraphTarget(folder);
        target.write("V1__x.cypher", "CREATE (:X);\n");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> target.weave().adopt(GraphTarget.NAME, "neo4j-migrations", "OldMigration", false));
        assertTrue(e.getMessage().contains("there are no :OldMigration nodes in database neo4j")
                && e.getMessage().contains("--label"), e.getMessage());
    }
}
