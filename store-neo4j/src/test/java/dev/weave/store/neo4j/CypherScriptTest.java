package dev.weave.store.neo4j;

import dev.weave.error.ExitCode;
import dev.weave.error.MigrationSourceException;
import dev.weave.model.MigrationFile;
import dev.weave.model.MigrationKind;
import dev.weave.model.MigrationVersion;
import dev.weave.spi.Script;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static dev.weave.store.neo4j.CypherScript.Mode.ONE_TRANSACTION;
import static dev.weave.store.neo4j.CypherScript.Mode.SCHEMA_TRANSACTION;
import static dev.weave.store.neo4j.CypherScript.Mode.STATEMENT_BY_STATEMENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a file runs follows from its statements; bad files are refused with file and line before anything runs. */
class CypherScriptTest {

    static Script script(String text) {
        Path path = Path.of("migrations", "neo4j", "cypher", "V1__test.cypher");
        return new Script(new MigrationFile(MigrationKind.VERSIONED, MigrationVersion.parse("1"), "test", "V1__test.cypher",
                path, text, "sha256:0", null), text);
    }

    private static CypherScript.Mode mode(String text) {
        return CypherScript.parse(script(text)).mode();
    }

    @Test
    void dataOnlyRunsInOneTransaction() {
        assertEquals(ONE_TRANSACTION, mode("CREATE (:A);\nMATCH (a:A) SET a.x = 1;\nCALL db.labels() YIELD label RETURN label;"));
        assertEquals(ONE_TRANSACTION, mode("// nothing but a comment\n"));
    }

    @Test
    void schemaOnlyRunsInOneSchemaTransaction() {
        assertEquals(SCHEMA_TRANSACTION, mode("CREATE CONSTRAINT c FOR (p:P) REQUIRE p.id IS UNIQUE;\n"
                + "create text index t if not exists for (p:P) on (p.name);\n"
                + "CREATE OR REPLACE FULLTEXT INDEX f FOR (p:P) ON EACH [p.bio];\nDROP INDEX old IF EXISTS;\n"
                + "CREATE /* a comment */ RANGE INDEX r FOR (p:P) ON (p.age);\nCREATE VECTOR INDEX v FOR (p:P) ON (p.e);"));
    }

    @Test
    void schemaAndDataTogetherRunStatementByStatement() {
        CypherScript s = CypherScript.parse(script("CREATE CONSTRAINT c FOR (p:P) REQUIRE p.id IS UNIQUE;\nCREATE (:P {id: 1});"));
        assertEquals(STATEMENT_BY_STATEMENT, s.mode());
        assertTrue(s.reason().contains("mixes schema and data"), s.reason());
    }

    @Test
    void batchingStatementsRunOnTheirOwn() {
        assertEquals(STATEMENT_BY_STATEMENT, mode("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 1000 ROWS;"));
        assertEquals(STATEMENT_BY_STATEMENT, mode("UNWIND range(1, 9) AS i CALL { WITH i CREATE (:X {i: i}) }\n"
                + "  IN 2 CONCURRENT TRANSACTIONS OF 3 ROWS;"));
    }

    @Test
    void keywordsInsideStringsNamesAndCommentsDoNotCount() {
        assertEquals(ONE_TRANSACTION, mode("CREATE (:`CREATE INDEX` {note: 'IN TRANSACTIONS'}) // DROP CONSTRAINT x\n;"));
        assertEquals(ONE_TRANSACTION, mode("CREATE (:Index {name: 'create constraint'});"));
    }

    @Test
    void theNoTransactionHeaderCountsOnlyBeforeTheFirstStatement() {
        assertEquals(STATEMENT_BY_STATEMENT, mode("// migrates the people\n// weave:no-transaction\nCREATE (:A);"));
        assertEquals(ONE_TRANSACTION, mode("CREATE (:A);\n// weave:no-transaction\nCREATE (:B);"));
    }

    @Test
    void anUnterminatedStringNamesTheFileAndLine() {
        MigrationSourceException e = assertThrows(MigrationSourceException.class,
                () -> CypherScript.parse(script("CREATE (:A);\nCREATE (:B {name: 'oops});\n")));
        assertEquals(2, e.line());
        assertEquals(ExitCode.USAGE_OR_CONFIGURATION, e.kind());
        assertTrue(e.getMessage().startsWith(Path.of("migrations", "neo4j", "cypher", "V1__test.cypher") + ":2: unterminated"),
                e.getMessage());
    }

    @Test
    void cypherShellCommandsAreRefused() {
        MigrationSourceException e = assertThrows(MigrationSourceException.class,
                () -> CypherScript.parse(script("CREATE (:A);\n:begin\nCREATE (:B);\n:commit\n")));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("':begin' is a cypher-shell command"), e.getMessage());
    }
}
