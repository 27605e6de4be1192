package dev.weave.store.postgres;

import dev.weave.error.StoreErrorException;
import dev.weave.error.StoreUnreachableException;
import dev.weave.model.LedgerEntry;
import dev.weave.spi.ScriptFailedException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.SQLException;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns PostgreSQL errors into messages that name the statement's line and the server's reason. */
final class SqlErrors {

    private static final Pattern COPY_CONTEXT = Pattern.compile("\\bCOPY [^,]+, line (\\d+)");

    private SqlErrors() {
    }

    static ScriptFailedException failed(SQLException e, SqlStatement statement, boolean recordAsFailed, boolean partial) {
        int line = statement.line();
        StringBuilder reason = new StringBuilder();
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            ServerErrorMessage m = p.getServerErrorMessage();
            if (m.getPosition() > 0) {
                line = statement.lineOfPosition(m.getPosition());
            }
            line = copyDataLine(statement, m.getWhere()).orElse(line);
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
        return new ScriptFailedException(reason.toString(), line, statement.number(), recordAsFailed, partial, e,
                connectionLost(e) ? ScriptFailedException.Kind.CONNECTION_LOST : ScriptFailedException.Kind.SCRIPT);
    }

    /** "COPY account, line 3, column email: ..." points at the third data line after the COPY statement. */
    private static OptionalInt copyDataLine(SqlStatement statement, String where) {
        if (statement.copyData() == null || where == null) {
            return OptionalInt.empty();
        }
        Matcher m = COPY_CONTEXT.matcher(where);
        return m.find() ? OptionalInt.of(statement.copyData().firstLine() + Integer.parseInt(m.group(1)) - 1)
                : OptionalInt.empty();
    }

    /** duplicate table, object, schema, function, column: what a script meets in a database that has its objects. */
    private static final Set<String> ALREADY_EXISTS = Set.of("42P07", "42710", "42P06", "42723", "42701");

    static boolean isAlreadyExists(ScriptFailedException e) {
        return e.kind() == ScriptFailedException.Kind.SCRIPT && e.getCause() instanceof SQLException sql
                && ALREADY_EXISTS.contains(sql.getSQLState());
    }

    /**
     * The first migration of an empty ledger meets its own objects: the database was most likely set up
     * before Weave (by hand, by another tool), and baseline is the way in, not editing the file.
     */
    static ScriptFailedException withBaselineHint(ScriptFailedException e, LedgerEntry entry, String target) {
        String migration = entry.version() == null ? entry.script() : "V" + entry.version();
        return new ScriptFailedException(e.getMessage() + "\n  the database already holds objects that " + migration
                + " creates — if this database was set up before Weave, run weave db baseline " + target
                + " --version <n> (n: the last version it already has) to mark the files up to n as applied",
                e.line(), e.statement(), e.recordAsFailed(), e.partiallyApplied(), e.getCause(), e.kind());
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
