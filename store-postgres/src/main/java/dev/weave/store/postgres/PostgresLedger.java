package dev.weave.store.postgres;

import dev.weave.model.EntryType;
import dev.weave.model.LedgerEntry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The ledger table. Its columns follow Flyway's {@code flyway_schema_history} so that people (and later
 * an importer) find their way around it; execution_time is in milliseconds.
 */
final class PostgresLedger {

    private final PostgresEndpoint endpoint;
    private final String insertSql;

    PostgresLedger(PostgresEndpoint endpoint) {
        this.endpoint = endpoint;
        this.insertSql = "INSERT INTO " + endpoint.qualifiedTable() + " (installed_rank, version, description, type,"
                + " script, checksum, installed_by, installed_on, execution_time, success) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    }

    boolean exists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = ? AND tablename = ?")) {
            ps.setString(1, endpoint.schema());
            ps.setString(2, endpoint.table());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    void create(Connection c) throws SQLException {
        if (exists(c)) {
            return;
        }
        String t = endpoint.qualifiedTable();
        try (Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS \"" + endpoint.schema() + "\"");
            st.execute("CREATE TABLE IF NOT EXISTS " + t + " ("
                    + "installed_rank INTEGER NOT NULL PRIMARY KEY, "
                    + "version VARCHAR(50), "
                    + "description VARCHAR(200) NOT NULL, "
                    + "type VARCHAR(20) NOT NULL, "
                    + "script VARCHAR(1000) NOT NULL, "
                    + "checksum VARCHAR(100), "
                    + "installed_by VARCHAR(100) NOT NULL, "
                    + "installed_on TIMESTAMPTZ NOT NULL DEFAULT now(), "
                    + "execution_time BIGINT NOT NULL, "
                    + "success BOOLEAN NOT NULL)");
        }
    }

    List<LedgerEntry> read(Connection c) throws SQLException {
        List<LedgerEntry> entries = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT installed_rank, version, description, type, script, checksum, "
                     + "installed_by, installed_on, execution_time, success FROM " + endpoint.qualifiedTable()
                     + " ORDER BY installed_rank")) {
            while (rs.next()) {
                Timestamp on = rs.getTimestamp(8);
                entries.add(new LedgerEntry(rs.getInt(1), rs.getString(2), rs.getString(3),
                        EntryType.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6), rs.getString(7),
                        on == null ? null : on.toInstant(), rs.getLong(9), rs.getBoolean(10)));
            }
        }
        return entries;
    }

    void insert(Connection c, LedgerEntry e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(insertSql)) {
            bind(ps, e);
            ps.executeUpdate();
        }
    }

    /**
     * Inserts the entry and commits the open transaction in one round trip: the driver sends both statements
     * of this prepared statement before it waits for an answer. If the insert fails the commit is never run
     * (the transaction is left failed, for the caller to roll back); if the commit fails, nothing committed.
     * It was one round trip per migration more than the plain statements' own. {@code before} (statements
     * without parameters) runs first in the same round trip.
     */
    void insertAndCommit(Connection c, LedgerEntry e, String before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(before + "; " + insertSql + "; COMMIT")) {
            bind(ps, e);
            ps.execute();
        }
    }

    private static void bind(PreparedStatement ps, LedgerEntry e) throws SQLException {
        ps.setInt(1, e.rank());
        setNullable(ps, 2, e.version());
        ps.setString(3, truncate(e.description(), 200));
        ps.setString(4, e.type().name());
        ps.setString(5, truncate(e.script(), 1000));
        setNullable(ps, 6, e.checksum());
        ps.setString(7, truncate(e.installedBy() == null ? "unknown" : e.installedBy(), 100));
        ps.setTimestamp(8, Timestamp.from(e.installedOn() == null ? Instant.now() : e.installedOn()));
        ps.setLong(9, e.executionMillis());
        ps.setBoolean(10, e.success());
    }

    void delete(Connection c, int rank) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + endpoint.qualifiedTable() + " WHERE installed_rank = ?")) {
            ps.setInt(1, rank);
            ps.executeUpdate();
        }
    }

    void update(Connection c, LedgerEntry e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + endpoint.qualifiedTable()
                + " SET checksum = ?, description = ? WHERE installed_rank = ?")) {
            setNullable(ps, 1, e.checksum());
            ps.setString(2, truncate(e.description(), 200));
            ps.setInt(3, e.rank());
            ps.executeUpdate();
        }
    }

    void drop(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + endpoint.qualifiedTable());
        }
    }

    private static void setNullable(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
