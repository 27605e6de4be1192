package dev.weave.store.neo4j;

import dev.weave.api.MigrationFailedException;
import dev.weave.api.ValidationFailedException;
import dev.weave.error.ConfigurationException;
import dev.weave.error.ExitCode;
import dev.weave.error.MigrationSourceException;
import dev.weave.model.LedgerEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Value;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a failing .cypher file leaves behind, and what the user is told, for each way Neo4j runs a file. */
class Neo4jFailureTest {

    @TempDir
    Path folder;

    private GraphTarget target;

    @BeforeEach
    void freshGraph() {
        target = new GraphTarget(folder);
    }

    @Test
    void aConstraintViolationPartWayThroughAMixedFileIsRecordedAsFailedWithItsStatement() {
        target.write("V1__people.cypher", """
                CREATE CONSTRAINT person_email FOR (p:Person) REQUIRE p.email IS UNIQUE;
                CREATE (:Person {email: 'ann@example.com'});
                CREATE (:Person {email: 'ann@example.com'});
                CREATE (:Person {email: 'bob@example.com'});
                """);

        MigrationFailedException e = assertThrows(MigrationFailedException.class, () -> target.weave().migrate(GraphTarget.NAME));

        assertEquals(ExitCode.MIGRATION_FAILED, e.kind());
        String message = e.getMessage();
        assertTrue(message.contains("V1__people.cypher:3: V1 people failed at statement 3"), message);
        assertTrue(message.contains("Neo.ClientError.Schema.ConstraintValidationFailed"), message);
        assertTrue(message.contains("recorded as failed") && message.contains("weave db repair neo4j"), message);
        // the statements before the failing one committed, the ones after it never ran
        assertEquals(List.of("person_email"), target.constraintNames().stream().filter(n -> !n.startsWith("__weave")).toList());
        assertEquals(List.of("ann@example.com"), target.query("MATCH (p:Person) RETURN p.email").stream()
                .map(r -> r.get(0).asString()).toList());
        Value failed = target.query("MATCH (m:__WeaveMigration) RETURN m").get(0).get("m");
        assertFalse(failed.get("success").asBoolean());
        assertEquals("1", failed.get("version").asString());
        assertEquals(3, failed.get("failedStatement").asInt());
        assertEquals(3, failed.get("failedLine").asInt());
        assertEquals("Neo.ClientError.Schema.ConstraintValidationFailed", failed.get("errorCode").asString());

        ValidationFailedException blocked = assertThrows(ValidationFailedException.class, () -> target.weave().migrate(GraphTarget.NAME));
        assertTrue(blocked.getMessage().contains("repair"), blocked.getMessage());

        target.write("V1__people.cypher", """
                CREATE CONSTRAINT person_email IF NOT EXISTS FOR (p:Person) REQUIRE p.email IS UNIQUE;
                MERGE (:Person {email: 'ann@example.com'});
                MERGE (:Person {email: 'bob@example.com'});
                """);
        target.weave().repair(GraphTarget.NAME);
        target.weave().migrate(GraphTarget.NAME);

        List<LedgerEntry> history = target.weave().history(GraphTarget.NAME).entries();
        assertEquals(1, history.size());
        assertTrue(history.get(0).success());
        assertEquals(2, target.count("MATCH (p:Person) RETURN count(p)"));
    }

    /**
     * A transaction an operator terminates ends with the same codes as one cut by a shutdown; with the server still
     * serving, it is the migration that failed (exit 1), not the store that went away (exit 4).
     */
    @Test
    void aTransactionTerminatedByAnOperatorIsAFailedMigrationNotALostServer() throws Exception {
        target.query("MERGE (:Gate {name: 'terminated'})");
        target.write("V1__gated.cypher", """
                CREATE (:Before);
                MATCH (g:Gate {name: 'terminated'}) SET g.passed = true;
                """);
        try (org.neo4j.driver.Session holder = target.fixture.driver().session();
             org.neo4j.driver.Transaction held = holder.beginTransaction()) {
            held.run("MATCH (g:Gate {name: 'terminated'}) SET g.held = true").consume();
            java.util.concurrent.CompletableFuture<Throwable> run = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    target.weave().migrate(GraphTarget.NAME);
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
            // the migration now waits for the gate's lock; end its transaction as an operator would
            String id = null;
            while (id == null) {
                assertFalse(run.isDone(), "the migration ended before it reached the gate: " + run.getNow(null));
                id = target.query("SHOW TRANSACTIONS YIELD transactionId, currentQuery"
                                + " WHERE currentQuery STARTS WITH \"MATCH (g:Gate\" RETURN transactionId").stream()
                        .map(r -> r.get(0).asString()).findFirst().orElse(null);
                Thread.onSpinWait();
            }
            target.query("TERMINATE TRANSACTIONS $id", "id", id);

            Throwable failure = run.get(120, java.util.concurrent.TimeUnit.SECONDS);
            MigrationFailedException e = assertThrows(MigrationFailedException.class, () -> { throw failure; });
            assertEquals(ExitCode.MIGRATION_FAILED, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains("V1__gated.cypher:2: V1 gated failed at statement 2"), e.getMessage());
            assertTrue(e.getMessage().contains("Neo.ClientError.Transaction.Terminated")
                    || e.getMessage().contains("Neo.ClientError.Transaction.LockClientStopped"), e.getMessage());
        }
        assertEquals(0, target.count("MATCH (b:Before) RETURN count(b)"), "one transaction: rolled back");
        assertEquals(0, target.count("MATCH (m:__WeaveMigration) RETURN count(m)"), "nothing recorded");
    }

    @Test
    void aDataFileThatFailsPartWayIsRolledBackAndNotRecorded() {
        target.write("V1__constraint.cypher", "CREATE CONSTRAINT person_email FOR (p:Person) REQUIRE p.email IS UNIQUE;\n");
        target.write("V2__people.cypher", "CREATE (:Person {email: 'ann@example.com'});\nCREATE (:Person {email: 'ann@example.com'});\n");

        MigrationFailedException e = assertThrows(MigrationFailedException.class, () -> target.weave().migrate(GraphTarget.NAME));

        assertTrue(e.getMessage().contains("V2__people.cypher:2: V2 people failed at statement 2"), e.getMessage());
        assertTrue(e.getMessage().contains("nothing of it was applied (rolled back) and nothing was recorded"), e.getMessage());
        assertEquals(0, target.count("MATCH (p:Person) RETURN count(p)"));
        assertEquals(List.of("1"), target.weave().history(GraphTarget.NAME).entries().stream().map(LedgerEntry::version).toList());
    }

    @Test
    void aSchemaFileThatFailsPartWayIsRolledBackAndNotRecorded() {
        target.write("V1__indexes.cypher", "CREATE INDEX person_name FOR (p:Person) ON (p.name);\nDROP INDEX no_such_index;\n");

        MigrationFailedException e = assertThrows(MigrationFailedException.class, () -> target.weave().migrate(GraphTarget.NAME));

        assertTrue(e.getMessage().contains("V1__indexes.cypher:2: V1 indexes failed at statement 2"), e.getMessage());
        assertEquals(0, target.count("SHOW INDEXES YIELD name WHERE name = 'person_name' RETURN count(*)"));
        assertTrue(target.weave().history(GraphTarget.NAME).entries().isEmpty());
    }

    @Test
    void aSyntaxErrorNamesTheLineInsideAMultiLineStatement() {
        target.write("V1__broken.cypher", "// finds people\nMATCH (p:Person)\nRETRN p;\n");

        MigrationFailedException e = assertThrows(MigrationFailedException.class, () -> target.weave().migrate(GraphTarget.NAME));

        assertTrue(e.getMessage().contains("V1__broken.cypher:3: V1 broken failed at statement 1"), e.getMessage());
        assertTrue(e.getMessage().contains("Neo.ClientError.Statement.SyntaxError: Invalid input 'RETRN'"), e.getMessage());
    }

    @Test
    void anUnterminatedStringStopsTheRunBeforeAnythingRuns() {
        target.write("V1__fine.cypher", "CREATE (:Fine);\n");
        target.write("V2__open.cypher", "CREATE (:Open {name: 'no end});\n");

        ConfigurationException e = assertThrows(MigrationSourceException.class, () -> target.weave().migrate(GraphTarget.NAME));

        assertEquals(ExitCode.USAGE_OR_CONFIGURATION, e.kind());
        assertTrue(e.getMessage().contains("V2__open.cypher:1: unterminated string literal"), e.getMessage());
        assertEquals(0, target.count("MATCH (n:Fine) RETURN count(n)"), "V1 did not run either");
        assertTrue(target.weave().history(GraphTarget.NAME).entries().isEmpty());
    }

    @Test
    void aBatchingStatementRunsInItsOwnTransactionsAndIsRecorded() {
        target.write("V1__batches.cypher", "UNWIND range(1, 250) AS i CALL { WITH i CREATE (:Batch {i: i}) } IN TRANSACTIONS OF 100 ROWS;\n");

        target.weave().migrate(GraphTarget.NAME);

        assertEquals(250, target.count("MATCH (b:Batch) RETURN count(b)"));
        assertTrue(target.weave().history(GraphTarget.NAME).entries().get(0).success());
    }

    @Test
    void theNoTransactionHeaderKeepsWhatRanBeforeAFailureAndRecordsIt() {
        target.write("V1__stepwise.cypher", "// weave:no-transaction\nCREATE (:Step {n: 1});\nRETURN 1 / 0;\nCREATE (:Step {n: 3});\n");

        MigrationFailedException e = assertThrows(MigrationFailedException.class, () -> target.weave().migrate(GraphTarget.NAME));

        assertTrue(e.getMessage().contains("V1__stepwise.cypher:3"), e.getMessage());
        assertTrue(e.getMessage().contains("the statements before the failing one stay applied"), e.getMessage());
        assertEquals(List.of(1L), target.query("MATCH (s:Step) RETURN s.n").stream().map(r -> r.get(0).asLong()).toList());
        assertFalse(target.weave().history(GraphTarget.NAME).entries().get(0).success());
    }

    @Test
    void aStatementByStatementFileWhoseFirstStatementFailsLeavesNothingToRepair() {
        target.write("V1__mixed.cypher", "RETURN 1 / 0;\nCREATE CONSTRAINT c FOR (p:P) REQUIRE p.id IS UNIQUE;\n");

        MigrationFailedException e = assertThrows(MigrationFailedException.class, () -> target.weave().migrate(GraphTarget.NAME));

        assertTrue(e.getMessage().contains("nothing of it was applied"), e.getMessage());
        assertTrue(target.weave().history(GraphTarget.NAME).entries().isEmpty(), "no failed entry to repair: nothing ran");
    }
}
