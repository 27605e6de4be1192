package dev.weave.store.neo4j;

import dev.weave.error.StoreErrorException;
import dev.weave.error.StoreUnreachableException;
import dev.weave.spi.ScriptFailedException;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns Neo4j errors into messages that name the statement's line in the file and Neo4j's code and reason. */
final class CypherErrors {

    /** Neo4j's position in a syntax error: "(line 2, column 5 (offset: 17))", relative to the statement sent. */
    private static final Pattern POSITION = Pattern.compile("\\(line (\\d+), column \\d+");

    private CypherErrors() {
    }

    static ScriptFailedException failed(Neo4jException e, CypherStatement statement, boolean recordAsFailed, boolean partial) {
        return failed(e, statement, recordAsFailed, partial, null);
    }

    /** @param note why the file ran the way it did, when that explains what was left behind */
    static ScriptFailedException failed(Neo4jException e, CypherStatement statement, boolean recordAsFailed, boolean partial,
                                        String note) {
        String reason = note == null ? reason(e) : reason(e) + "\n  (" + note + ")";
        return new ScriptFailedException(reason, line(e, statement), statement.number(), recordAsFailed, partial, e, kind(e));
    }

    /**
     * The server or the network went away (the driver's own verdict), or the database stopped under us. A server
     * that is shutting down answers a statement still in flight with a database error ("Kernel is not running",
     * "database is shutting down") rather than dropping the connection; that is an outage too, not the file's fault.
     */
    static ScriptFailedException.Kind kind(Neo4jException e) {
        boolean lost = e instanceof ServiceUnavailableException || e instanceof SessionExpiredException
                || "Neo.TransientError.General.DatabaseUnavailable".equals(e.code())
                || shuttingDown(e);
        return lost ? ScriptFailedException.Kind.CONNECTION_LOST : ScriptFailedException.Kind.SCRIPT;
    }

    private static final Pattern SHUTDOWN = Pattern.compile(
            "kernel is not running|(database|server|dbms) (is )?(shutting down|shut down|stopped|has been shut down)",
            Pattern.CASE_INSENSITIVE);

    private static boolean shuttingDown(Neo4jException e) {
        String code = e.code() == null ? "" : e.code();
        if (!code.startsWith("Neo.DatabaseError.") && !code.startsWith("Neo.TransientError.")) {
            return false; // a client error is about the statement, whatever its message says
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && SHUTDOWN.matcher(t.getMessage()).find()) {
                return true;
            }
        }
        return false;
    }

    /** The line of the file Neo4j points at: its position inside the statement if it gave one. */
    static int line(Neo4jException e, CypherStatement statement) {
        Matcher m = POSITION.matcher(e.getMessage() == null ? "" : e.getMessage());
        return m.find() ? statement.fileLine(Integer.parseInt(m.group(1))) : statement.line();
    }

    /** "Neo.ClientError.Statement.SyntaxError: Invalid input ...", continuation lines indented. */
    static String reason(Neo4jException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        StringBuilder sb = new StringBuilder();
        if (e.code() != null && !e.code().isBlank()) {
            sb.append(e.code()).append(": ");
        }
        sb.append(message.replace("\n", "\n    "));
        if ("Neo.ClientError.Transaction.ForbiddenDueToTransactionType".equals(e.code())) {
            sb.append("\n  Neo4j does not allow this statement in one transaction with the others; put"
                    + " // weave:no-transaction as the first line to run the file statement by statement");
        }
        return sb.toString();
    }

    /** The server ended the transaction: a timeout, an operator, or the database shutting down. */
    static boolean terminated(Neo4jException e) {
        String code = e.code() == null ? "" : e.code();
        return code.endsWith(".Transaction.Terminated") || code.endsWith(".Transaction.LockClientStopped");
    }

    /** An error outside a migration script: the connection broke, or the ledger could not be read or written. */
    static RuntimeException storeError(String address, Neo4jException e) {
        if (kind(e) == ScriptFailedException.Kind.CONNECTION_LOST) {
            return new StoreUnreachableException("lost the connection to Neo4j at " + address + ": " + Neo4jEndpoint.reason(e));
        }
        return new StoreErrorException("Neo4j error on " + address + ": " + reason(e), e);
    }
}
