package dev.weave.store.neo4j;

import dev.weave.spi.ScriptFailedException;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.exceptions.DatabaseException;
import org.neo4j.driver.exceptions.ClientException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A server stopping under a running migration answers the statement in flight with a database error before the
 * connection drops (seen in CI: "Neo.DatabaseError.Statement.ExecutionFailed: Kernel is not running"); that is an
 * outage (exit 4, "the file itself may well be fine"), not a broken file (exit 1, "fix the file").
 */
class CypherErrorsTest {

    @Test
    void aDatabaseShuttingDownIsAnOutage() {
        assertEquals(ScriptFailedException.Kind.CONNECTION_LOST, CypherErrors.kind(new DatabaseException(
                "Neo.DatabaseError.Statement.ExecutionFailed", "Kernel is not running, so it is not possible to use it")));
        assertEquals(ScriptFailedException.Kind.CONNECTION_LOST, CypherErrors.kind(new DatabaseException(
                "Neo.DatabaseError.General.UnknownError", "The database is shutting down")));
    }

    @Test
    void otherDatabaseAndClientErrorsStayTheScriptsFailure() {
        assertEquals(ScriptFailedException.Kind.SCRIPT, CypherErrors.kind(new DatabaseException(
                "Neo.DatabaseError.Statement.ExecutionFailed", "Failed to invoke procedure `apoc.x`")));
        assertEquals(ScriptFailedException.Kind.SCRIPT, CypherErrors.kind(new ClientException(
                "Neo.ClientError.Statement.SyntaxError", "Invalid input 'kernel is not running'")));
    }
}
