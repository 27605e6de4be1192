package dev.weave.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Drops every object in the target's schema, object by object rather than dropping the schema itself,
 * so the schema's owner and grants (which the migrations did not create) stay as they were. Objects that
 * belong to an extension go with their extension.
 */
final class SchemaCleaner {

    /**
     * Leaves out members of an extension (they go with it) and objects that are an internal part of a type
     * (a range type's constructor functions and its multirange type go with the range type; PostgreSQL
     * refuses to drop them on their own).
     */
    private static final String NOT_FROM_EXTENSION =
            " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d WHERE d.objid = %1$s AND (d.deptype = 'e'"
                    + " OR (d.deptype = 'i' AND d.refclassid = 'pg_catalog.pg_type'::regclass AND d.refobjid <> %1$s)))";

    /** In dependency-friendly order; CASCADE takes care of the rest. */
    private static final String[][] QUERIES = {
            {"materialized view", "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_catalog.pg_class c "
                    + "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind = 'm'"
                    + NOT_FROM_EXTENSION.formatted("c.oid"), "DROP MATERIALIZED VIEW IF EXISTS %s CASCADE"},
            {"view", "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_catalog.pg_class c "
                    + "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind = 'v'"
                    + NOT_FROM_EXTENSION.formatted("c.oid"), "DROP VIEW IF EXISTS %s CASCADE"},
            {"table", "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_catalog.pg_class c "
                    + "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind IN ('r', 'p')"
                    + " AND NOT c.relispartition" + NOT_FROM_EXTENSION.formatted("c.oid"), "DROP TABLE IF EXISTS %s CASCADE"},
            {"foreign table", "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_catalog.pg_class c "
                    + "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind = 'f'"
                    + NOT_FROM_EXTENSION.formatted("c.oid"), "DROP FOREIGN TABLE IF EXISTS %s CASCADE"},
            {"sequence", "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_catalog.pg_class c "
                    + "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind = 'S'"
                    + NOT_FROM_EXTENSION.formatted("c.oid"), "DROP SEQUENCE IF EXISTS %s CASCADE"},
            {"routine", "SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p "
                    + "JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = ? AND p.prokind IN ('f', 'p')"
                    + NOT_FROM_EXTENSION.formatted("p.oid"), "DROP ROUTINE IF EXISTS %s CASCADE"},
            {"aggregate", "SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p "
                    + "JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = ? AND p.prokind = 'a'"
                    + NOT_FROM_EXTENSION.formatted("p.oid"), "DROP AGGREGATE IF EXISTS %s CASCADE"},
            {"domain", "SELECT format('%I.%I', n.nspname, t.typname) FROM pg_catalog.pg_type t "
                    + "JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = ? AND t.typtype = 'd'"
                    + NOT_FROM_EXTENSION.formatted("t.oid"), "DROP DOMAIN IF EXISTS %s CASCADE"},
            {"type", "SELECT format('%I.%I', n.nspname, t.typname) FROM pg_catalog.pg_type t "
                    + "JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = ? AND t.typtype IN ('e', 'r', 'm', 'c')"
                    + " AND (t.typrelid = 0 OR (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid) = 'c')"
                    + NOT_FROM_EXTENSION.formatted("t.oid"), "DROP TYPE IF EXISTS %s CASCADE"},
            {"extension", "SELECT quote_ident(e.extname) FROM pg_catalog.pg_extension e "
                    + "JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE n.nspname = ?", "DROP EXTENSION IF EXISTS %s CASCADE"},
    };

    private final Connection connection;
    private final PostgresEndpoint endpoint;

    SchemaCleaner(Connection connection, PostgresEndpoint endpoint) {
        this.connection = connection;
        this.endpoint = endpoint;
    }

    List<String> dropAll() throws SQLException {
        List<String> removed = new ArrayList<>();
        for (String[] query : QUERIES) {
            for (String name : names(query[1])) {
                try (Statement st = connection.createStatement()) {
                    st.execute(query[2].formatted(name));
                }
                removed.add(query[0] + " " + name);
            }
        }
        return removed;
    }

    private List<String> names(String sql) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, endpoint.schema());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }
}
