package dev.weave.store.postgres;

import dev.weave.api.StoreErrorException;
import dev.weave.api.StoreUnreachableException;
import dev.weave.spi.ScriptFailedException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.SQLException;

/** Turns PostgreSQL errors into messages that name the statement's line and the server's reason. */
final class SqlErrors {

    private SqlErrors() {
    }

    static ScriptFailedException failed(SQLException e, SqlStatement statement, boolean recorded, boolean partial) {
        int line = statement.line();
        StringBuilder reason = new StringBuilder();
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            ServerErrorMessage m = p.getServerErrorMessage();
            if (m.getPosition() > 0) {
                line = statement.lineOfPosition(m.getPosition());
            }
            reason.append(m.getSeverity() == null ? "ERROR" : m.getSeverity()).append(": ").append(m.getMessage());
            if (m.getSQLState() != null) {
                reason.append(" (SQLState ").append(m.getSQLState()).append(')');
            }
            if (m.getDetail() != null) {
                reason.append("\n  detail: ").append(m.getDetail());
            }
            if (m.getHint() != null) {
                reason.append("\n  hint: ").append(m.getHint());
            }
            if (m.getWhere() != null) {
                reason.append("\n  where: ").append(m.getWhere().replace('\n', ' '));
            }
            if ("25001".equals(m.getSQLState())) {
                reason.append("\n  this statement cannot run inside a transaction: put -- weave:no-transaction as the"
                        + " first line of the file");
            }
        } else {
            reason.append(e.getMessage());
        }
        return new ScriptFailedException(reason.toString(), line, statement.number(), recorded, partial, e,
                connectionLost(e) ? ScriptFailedException.Kind.CONNECTION_LOST : ScriptFailedException.Kind.SCRIPT);
    }

    static ScriptFailedException failedAtCommit(SQLException e) {
        if (connectionLost(e)) {
            // in doubt: the migration and its ledger row committed together or not at all, and the next run tells
            return new ScriptFailedException("the connection broke during the commit: " + e.getMessage()
                    + "\n  the migration and its ledger row either both committed or neither did; the next migrate"
                    + " (or info) tells which", 0, 0, false, false, e, ScriptFailedException.Kind.CONNECTION_LOST);
        }
        return new ScriptFailedException("the commit failed: " + e.getMessage(), 0, 0, false, false, e);
    }

    /** Connection exceptions (08xxx) and the server shutting down or crashing (57P01-57P03). */
    static boolean connectionLost(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03");
    }

    /** An error outside a migration script: the connection broke, or the ledger could not be read. */
    static RuntimeException storeError(PostgresEndpoint endpoint, SQLException e) {
        if (connectionLost(e)) {
            return new StoreUnreachableException("lost the connection to " + endpoint.address() + ": " + e.getMessage());
        }
        return new StoreErrorException("PostgreSQL error on " + endpoint.address() + ": " + e.getMessage(), e);
    }
}
