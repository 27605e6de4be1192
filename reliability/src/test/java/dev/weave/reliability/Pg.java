package dev.weave.reliability;

import dev.weave.local.PostgresServer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads a PostgreSQL server straight over JDBC, to check what Weave did without asking Weave. */
final class Pg {

    /** Weave's advisory lock: class "Weav", object the hash of schema.table (see AdvisoryLock). */
    static final int LOCK_CLASS = 0x57656176;
    static final int LOCK_KEY = "public.weave_schema_history".hashCode();

    final String host;
    final int port;
    final String user;
    final String password;

    Pg(String host, int port, String user, String password) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    static Pg of(PostgresServer server) {
        return new Pg(server.host(), server.port(), server.user(), server.password());
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database, user, password);
    }

    void recreate(String database) {
        execute("postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        execute("postgres", "CREATE DATABASE " + database);
    }

    void execute(String database, String sql) {
        try (Connection c = connect(database); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    long count(String database, String sql) {
        try (Connection c = connect(database); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Rows of {@code key, count} as a map, e.g. how often each migration left its mark. */
    java.util.Map<String, Long> counts(String database, String sql) {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        try (Connection c = connect(database); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
        return counts;
    }

    boolean tableExists(String database, String table) {
        return count(database, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = '" + table + "'") > 0;
    }

    /** The ledger table as stored, by rank; empty when it does not exist. */
    List<LedgerRow> ledger(String database) {
        if (!tableExists(database, "weave_schema_history")) {
            return List.of();
        }
        List<LedgerRow> rows = new ArrayList<>();
        try (Connection c = connect(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT installed_rank, version, type, script, success"
                     + " FROM weave_schema_history ORDER BY installed_rank")) {
            while (rs.next()) {
                rows.add(new LedgerRow(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return rows;
    }

    /** Whether a session runs a statement containing {@code fragment} (and is not this probe). */
    boolean running(String database, String fragment) {
        try (Connection c = connect(database);
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = ?"
                     + " AND state = 'active' AND pid <> pg_backend_pid() AND position(? in query) > 0")) {
            ps.setString(1, database);
            ps.setString(2, fragment);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Whether some session holds Weave's advisory lock in this database. */
    boolean lockHeld(String database) {
        return count(database, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                + " AND classid = " + Integer.toUnsignedLong(LOCK_CLASS) + " AND objid = " + Integer.toUnsignedLong(LOCK_KEY)
                + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())") > 0;
    }
}
