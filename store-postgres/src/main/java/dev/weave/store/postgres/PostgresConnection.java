package dev.weave.store.postgres;

import dev.weave.error.LockTimeoutException;
import dev.weave.model.LedgerEntry;
import dev.weave.spi.OpenInBackground;
import dev.weave.spi.Script;
import dev.weave.spi.ScriptFailedException;
import dev.weave.spi.StoreConnection;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * One target's working connection. A transactional migration and its ledger row commit together, so
 * the ledger can never say success for something that did not commit; a {@code -- weave:no-transaction}
 * file runs statement by statement and a failure is recorded as failed.
 */
final class PostgresConnection implements StoreConnection {

    private final PostgresEndpoint endpoint;
    private final Connection connection;
    private final PostgresLedger ledger;
    /** The lock's connection when it was opened alongside this one (null: open it when the lock is asked for). */
    private OpenInBackground<Connection> lockConnection;
    /** The statements that give the session back its connecting user and search_path; see {@link #restoreSession()}. */
    private final String restoreSession;

    PostgresConnection(PostgresEndpoint endpoint, Connection connection, OpenInBackground<Connection> lockConnection) {
        this.endpoint = endpoint;
        this.connection = connection;
        this.ledger = new PostgresLedger(endpoint);
        this.lockConnection = lockConnection;
        this.restoreSession = "RESET ROLE; RESET SESSION AUTHORIZATION; " + (endpoint.schemaGiven()
                ? "SET search_path TO \"" + endpoint.schema() + "\"" : "RESET search_path");
    }

    @Override
    public String describe() {
        return endpoint.address() + ", ledger " + endpoint.schema() + "." + endpoint.table();
    }

    @Override
    public String currentUser() {
        return query(() -> {
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT current_user")) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    @Override
    public Lock lock(Duration timeout) {
        OpenInBackground<Connection> pending = lockConnection;
        lockConnection = null;
        Connection own;
        try {
            own = pending == null ? endpoint.open() : pending.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LockTimeoutException("interrupted while opening the lock connection");
        }
        return AdvisoryLock.acquire(endpoint, own, timeout);
    }

    @Override
    public void createLedger() {
        query(() -> {
            ledger.create(connection);
            return null;
        });
    }

    @Override
    public List<LedgerEntry> readLedger() {
        return query(() -> ledger.exists(connection) ? ledger.read(connection) : List.of());
    }

    @Override
    public void apply(Script script, LedgerEntry entry) {
        SqlScript sql = SqlScript.parse(script);
        long start = System.nanoTime();
        try {
            if (sql.transactional()) {
                inTransaction(sql, () -> ledger.insertAndCommit(connection, entry.finished(start, true), restoreSession));
            } else {
                applyWithoutTransaction(script, sql, entry, start);
            }
        } catch (ScriptFailedException e) {
            throw SqlErrors.isAlreadyExists(e) && nothingElseApplied(entry) ? SqlErrors.withBaselineHint(e, entry, endpoint.target()) : e;
        }
    }

    /** The ledger holds no row but (for a no-transaction file) this migration's own failure. */
    private boolean nothingElseApplied(LedgerEntry entry) {
        try {
            return !ledger.exists(connection)
                    || ledger.read(connection).stream().allMatch(row -> row.rank() == entry.rank());
        } catch (SQLException e) {
            return false; // the hint is a courtesy; the failure itself is what gets reported
        }
    }

    @Override
    public void runCallback(Script script) {
        SqlScript sql = SqlScript.parse(script);
        if (sql.transactional()) {
            inTransaction(sql, () -> {
                restoreSession();
                connection.commit();
            });
        } else {
            for (SqlStatement statement : sql.statements()) {
                try {
                    execute(statement);
                } catch (SQLException e) {
                    throw SqlErrors.failed(e, statement, false, statement.number() > 1);
                }
            }
            query(() -> {
                restoreSession();
                return null;
            });
        }
    }

    /** Runs the statements in one transaction; {@code commit} ends it (with the ledger row, for a migration). */
    private void inTransaction(SqlScript sql, SqlAction commit) {
        SqlStatement current = null;
        try {
            connection.setAutoCommit(false);
            for (SqlStatement statement : sql.statements()) {
                current = statement;
                execute(statement);
            }
            current = null;
            commit.run();
        } catch (SQLException e) {
            rollback();
            throw current == null ? SqlErrors.failedAtCommit(e) : SqlErrors.failed(e, current, false, false);
        } finally {
            autoCommit();
        }
    }

    /**
     * Runs one statement as written. COPY ... FROM STDIN sends its inline data through the driver's copy
     * protocol, on this connection and so inside the migration's transaction.
     */
    private void execute(SqlStatement statement) throws SQLException {
        if (statement.copyData() != null) {
            try {
                connection.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn(statement.sql(), new StringReader(statement.copyData().text()));
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a StringReader does not fail
            }
            return;
        }
        try (Statement st = connection.createStatement()) {
            st.setEscapeProcessing(false);
            st.execute(statement.sql());
        }
    }

    private void applyWithoutTransaction(Script script, SqlScript sql, LedgerEntry entry, long start) {
        for (SqlStatement statement : sql.statements()) {
            try {
                execute(statement);
            } catch (SQLException e) {
                // without a transaction a failing statement may have done part of its work (an invalid index
                // left by CREATE INDEX CONCURRENTLY): always recorded as failed, so the next run stops at repair
                throw SqlErrors.failed(e, statement, true, statement.number() > 1);
            }
        }
        query(() -> {
            restoreSession();
            ledger.insert(connection, entry.finished(start, true));
            return null;
        });
    }

    /**
     * Undoes what a script may have changed about the session, before the ledger row is written and the next
     * script runs: a {@code SET ROLE owner} would otherwise write the ledger row as that role (which usually
     * may not) and run the next migrations as it too; {@code SET search_path} would move where they create
     * their objects. The ledger is written as the user that connected.
     */
    private void restoreSession() throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(restoreSession);
        }
    }

    /** Written as the user that connected, whatever role the failed script set. */
    @Override
    public void recordFailure(LedgerEntry failed, ScriptFailedException failure) {
        query(() -> {
            restoreSession();
            ledger.insert(connection, failed);
            return null;
        });
    }

    @Override
    public List<dev.weave.model.ForeignEntry> readForeignHistory(String tool, String location) {
        return query(() -> ForeignHistories.read(connection, endpoint, tool, location));
    }

    @Override
    public void appendEntry(LedgerEntry entry) {
        query(() -> {
            ledger.insert(connection, entry);
            return null;
        });
    }

    @Override
    public void removeEntry(int rank) {
        query(() -> {
            ledger.delete(connection, rank);
            return null;
        });
    }

    @Override
    public void updateEntry(LedgerEntry entry) {
        query(() -> {
            ledger.update(connection, entry);
            return null;
        });
    }

    @Override
    public dev.weave.spi.schema.SchemaSnapshot readSchema() {
        return query(() -> new PostgresSchemaReader(endpoint.schema(), endpoint.table()).read(connection));
    }

    @Override
    public List<String> clean(boolean everything) {
        return query(() -> everything ? new SchemaCleaner(connection, endpoint).dropAll()
                : dropLedgerOnly());
    }

    private List<String> dropLedgerOnly() throws SQLException {
        boolean existed = ledger.exists(connection);
        ledger.drop(connection);
        return existed ? List.of("ledger table " + endpoint.schema() + "." + endpoint.table()) : List.of();
    }

    @Override
    public void close() {
        if (lockConnection != null) {
            lockConnection.discard();
            lockConnection = null;
        }
        endpoint.release(connection);
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // a broken connection rolls back by itself
        }
    }

    private void autoCommit() {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the next use reports a broken connection
        }
    }

    private <T> T query(SqlQuery<T> query) {
        try {
            return query.run();
        } catch (SQLException e) {
            throw SqlErrors.storeError(endpoint, e);
        }
    }

    private interface SqlQuery<T> {
        T run() throws SQLException;
    }

    private interface SqlAction {
        void run() throws SQLException;
    }
}
