package dev.weave.store.postgres;

import dev.weave.error.ConfigurationException;
import dev.weave.model.ForeignEntry;
import dev.weave.model.ForeignEntry.Kind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the histories other tools leave in a PostgreSQL database, for {@code weave db adopt}; only SELECTs.
 * A location is a table, optionally schema-qualified ({@code app.flyway_schema_history}); unqualified, the
 * target's schema setting, else the search path, decides.
 */
final class ForeignHistories {

    static final String FLYWAY = "flyway";
    static final String SCHEMA_MIGRATIONS = "schema-migrations";
    static final String ALEMBIC = "alembic";

    /** Tool → the table it writes by default. */
    static final Map<String, String> SOURCES = Map.of(FLYWAY, "flyway_schema_history",
            SCHEMA_MIGRATIONS, "schema_migrations", ALEMBIC, "alembic_version");

    private ForeignHistories() {
    }

    static List<ForeignEntry> read(Connection connection, PostgresEndpoint endpoint, String tool, String location)
            throws SQLException {
        String table = qualified(connection, endpoint, location);
        return switch (tool) {
            case FLYWAY -> flyway(connection, table, location);
            case SCHEMA_MIGRATIONS -> schemaMigrations(connection, table, location);
            case ALEMBIC -> alembic(connection, table, location);
            default -> throw new ConfigurationException("the postgres store cannot read the history of " + tool);
        };
    }

    /**
     * {@code flyway_schema_history}: one row per run, by installed_rank. Types: SQL (versioned, or repeatable
     * when version is null), BASELINE / SQL_BASELINE, UNDO_SQL, DELETE (repair's marker of a deleted file),
     * SCHEMA (Flyway created the schema: not a migration), JDBC / SPRING_JDBC (Java migrations).
     */
    private static List<ForeignEntry> flyway(Connection connection, String table, String location) throws SQLException {
        List<ForeignEntry> rows = new ArrayList<>();
        String sql = "SELECT installed_rank, version, description, type, script, checksum, installed_by, installed_on,"
                + " execution_time, success FROM " + table + " ORDER BY installed_rank";
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                int rank = rs.getInt(1);
                String version = rs.getString(2);
                String type = rs.getString(4).toUpperCase(Locale.ROOT);
                if (type.equals("SCHEMA")) {
                    continue;
                }
                Kind kind = switch (type) {
                    case "BASELINE", "SQL_BASELINE" -> Kind.BASELINE;
                    case "UNDO_SQL" -> Kind.UNDO;
                    case "DELETE" -> Kind.DELETED;
                    case "SQL" -> version == null ? Kind.REPEATABLE : Kind.VERSIONED;
                    default -> Kind.UNSUPPORTED; // JDBC, SPRING_JDBC, SCRIPT …: nothing Weave can run or check
                };
                Integer checksum = (Integer) rs.getObject(6);
                Timestamp on = rs.getTimestamp(8);
                rows.add(new ForeignEntry(rank, version, rs.getString(3), kind, rs.getString(5),
                        checksum == null ? null : checksum.toString(), rs.getString(7), on == null ? null : on.toInstant(),
                        rs.getLong(9), rs.getBoolean(10), location + " rank " + rank));
            }
        }
        return rows;
    }

    /**
     * A plain table of versions: golang-migrate's {@code schema_migrations(version bigint, dirty boolean)} holds
     * only the latest version (every file up to it ran), a hand-made one a row per applied version. A dirty row
     * means a migration stopped half-way: refused, with the tool's own way out.
     */
    private static List<ForeignEntry> schemaMigrations(Connection connection, String table, String location)
            throws SQLException {
        Set<String> columns = columns(connection, table);
        if (!columns.contains("version")) {
            throw new ConfigurationException(location + " has no column 'version'; a schema-migrations table holds"
                    + " one version per row (columns: " + String.join(", ", columns) + ")");
        }
        boolean golang = columns.contains("dirty");
        List<ForeignEntry> rows = new ArrayList<>();
        String sql = "SELECT version" + (golang ? ", dirty" : "") + " FROM " + table + " ORDER BY version";
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = 0;
            while (rs.next()) {
                n++;
                String version = stripLeadingZeros(rs.getString(1).trim());
                String where = location + " row " + n;
                if (golang && rs.getBoolean(2)) {
                    throw new ConfigurationException(where + ": version " + version + " is dirty (a migration stopped"
                            + " half-way); fix the database by hand, then clear the flag (migrate force " + version
                            + "), and adopt again");
                }
                rows.add(new ForeignEntry(n, version, "adopted from " + location, golang ? Kind.APPLIED_UP_TO
                        : Kind.VERSIONED, null, null, null, null, 0, true, where));
            }
        }
        return rows;
    }

    /** {@code alembic_version(version_num)}: the revision (or, with branches, the revisions) the database is at. */
    private static List<ForeignEntry> alembic(Connection connection, String table, String location) throws SQLException {
        List<ForeignEntry> heads = new ArrayList<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT version_num FROM " + table + " ORDER BY version_num")) {
            while (rs.next()) {
                heads.add(new ForeignEntry(heads.size() + 1, rs.getString(1), "alembic revision", Kind.BASELINE, null,
                        null, null, null, 0, true, location + " row " + (heads.size() + 1)));
            }
        }
        return heads;
    }

    /** 007 reads as 7; a version that is not all digits (001_init) is left as the tool wrote it, for --map. */
    private static String stripLeadingZeros(String version) {
        if (!version.matches("\\d+")) {
            return version;
        }
        String stripped = version.replaceFirst("^0+(?=\\d)", "");
        return stripped.isEmpty() ? version : stripped;
    }

    private static Set<String> columns(Connection connection, String table) throws SQLException {
        Set<String> columns = new HashSet<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT attname FROM pg_attribute"
                + " WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        return columns;
    }

    /** The table as a quoted, qualified name; an error naming where it looked when it is not there. */
    private static String qualified(Connection connection, PostgresEndpoint endpoint, String location)
            throws SQLException {
        String schema;
        String name;
        int dot = location.indexOf('.');
        if (dot > 0) {
            schema = location.substring(0, dot);
            name = location.substring(dot + 1);
        } else {
            schema = endpoint.schemaGiven() ? endpoint.schema() : null;
            name = location;
        }
        try (PreparedStatement ps = connection.prepareStatement(schema == null
                ? "SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relname = ? AND c.relkind IN ('r', 'p', 'v') AND n.nspname = ANY (current_schemas(false))"
                + " ORDER BY array_position(current_schemas(false), n.nspname) LIMIT 1"
                : "SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relname = ? AND c.relkind IN ('r', 'p', 'v') AND n.nspname = ?")) {
            ps.setString(1, name);
            if (schema != null) {
                ps.setString(2, schema);
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new ConfigurationException("there is no table " + location + " in " + endpoint.address()
                            + (schema == null ? " (looked in the search path: " + searchPath(connection) + ")" : "")
                            + "; name the tool's history table with --table (e.g. --table app.flyway_schema_history)");
                }
                return quote(rs.getString(1)) + "." + quote(name);
            }
        }
    }

    private static String searchPath(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SHOW search_path")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
