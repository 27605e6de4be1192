package dev.weave.store.postgres;

import dev.weave.spi.schema.SchemaObject;
import dev.weave.spi.schema.SchemaSnapshot;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a database's schema from the catalogs into {@link SchemaObject}s: schemas, extensions, enums, domains,
 * functions and procedures, sequences, tables (with partitioning), columns (type, default, nullability, identity,
 * generated, collation), constraints (primary key, unique, check, exclusion, foreign key), indexes, views and
 * materialized views, triggers, and the comments on each. Left out: system schemas, objects that belong to an
 * extension, and Weave's own ledger table. Definitions come from the server's own deparsers
 * ({@code pg_get_indexdef}, {@code pg_get_constraintdef} …), so a schema read from two databases of one server
 * compares text for text.
 *
 * <p>Objects of one kind come in creation order (oid), which the generated migration follows.
 */
final class PostgresSchemaReader {

    /** Schemas Weave never compares: the server's own. */
    private static final String USER_SCHEMA = "n.nspname NOT IN ('pg_catalog', 'information_schema')"
            + " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'";

    private static String notInExtension(String catalog, String oid) {
        return "NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend dep WHERE dep.classid = '" + catalog
                + "'::regclass AND dep.objid = " + oid + " AND dep.deptype = 'e')";
    }

    private final String ledgerSchema;
    private final String ledgerTable;

    PostgresSchemaReader(String ledgerSchema, String ledgerTable) {
        this.ledgerSchema = ledgerSchema;
        this.ledgerTable = ledgerTable;
    }

    SchemaSnapshot read(Connection c) throws SQLException {
        List<SchemaObject> out = new ArrayList<>();
        rows(c, "SELECT n.nspname, obj_description(n.oid, 'pg_namespace') FROM pg_catalog.pg_namespace n WHERE "
                + USER_SCHEMA + " AND " + notInExtension("pg_namespace", "n.oid") + " ORDER BY n.oid", r ->
                out.add(object("schema", r.getString(1), attrs("comment?", r.getString(2)))));
        rows(c, "SELECT e.extname, n.nspname FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n"
                + " ON n.oid = e.extnamespace ORDER BY e.oid", r ->
                out.add(object("extension", r.getString(1), attrs("schema", r.getString(2)))));
        rows(c, "SELECT n.nspname, t.typname, (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY"
                + " e.enumsortorder) FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid),"
                + " obj_description(t.oid, 'pg_type') FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n"
                + " ON n.oid = t.typnamespace WHERE t.typtype = 'e' AND " + USER_SCHEMA + " AND "
                + notInExtension("pg_type", "t.oid") + " ORDER BY t.oid", r ->
                out.add(object("enum", r.getString(1) + "." + r.getString(2), attrs("schema", r.getString(1),
                        "labels", r.getString(3), "comment?", r.getString(4)))));
        rows(c, "SELECT n.nspname, t.typname, format_type(t.typbasetype, t.typtypmod), t.typnotnull, t.typdefault,"
                + " (SELECT string_agg(pg_get_constraintdef(k.oid), ' ' ORDER BY k.conname)"
                + " FROM pg_catalog.pg_constraint k WHERE k.contypid = t.oid), obj_description(t.oid, 'pg_type')"
                + " FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace"
                + " WHERE t.typtype = 'd' AND " + USER_SCHEMA + " AND " + notInExtension("pg_type", "t.oid")
                + " ORDER BY t.oid", r ->
                out.add(object("domain", r.getString(1) + "." + r.getString(2), attrs("schema", r.getString(1),
                        "type", r.getString(3), "notNull", String.valueOf(r.getBoolean(4)), "default?", r.getString(5),
                        "check?", r.getString(6), "comment?", r.getString(7)))));
        rows(c, "SELECT n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), pg_get_functiondef(p.oid),"
                + " p.prokind, obj_description(p.oid, 'pg_proc') FROM pg_catalog.pg_proc p"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE p.prokind IN ('f', 'p', 'w') AND "
                + USER_SCHEMA + " AND " + notInExtension("pg_proc", "p.oid") + " ORDER BY p.oid", r ->
                out.add(object(r.getString(5).equals("p") ? "procedure" : "function",
                        r.getString(1) + "." + r.getString(2) + "(" + r.getString(3) + ")",
                        attrs("schema", r.getString(1), "definition", r.getString(4).strip(),
                                "comment?", r.getString(6)))));
        String notLedger = "NOT (n.nspname = '" + ledgerSchema.replace("'", "''") + "' AND c.relname = '"
                + ledgerTable.replace("'", "''") + "')";
        rows(c, "SELECT n.nspname, c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin,"
                + " s.seqmax, s.seqcycle, (SELECT quote_ident(tn.nspname) || '.' || quote_ident(tc.relname) || '.'"
                + " || quote_ident(a.attname) FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_class tc ON tc.oid ="
                + " d.refobjid JOIN pg_catalog.pg_namespace tn ON tn.oid = tc.relnamespace JOIN"
                + " pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid"
                + " WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'a'"
                + " AND d.refclassid = 'pg_class'::regclass LIMIT 1), obj_description(c.oid, 'pg_class')"
                + " FROM pg_catalog.pg_sequence s JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE " + USER_SCHEMA + " AND "
                + notInExtension("pg_class", "c.oid") + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d"
                + " WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'i') ORDER BY c.oid", r ->
                out.add(object("sequence", r.getString(1) + "." + r.getString(2), attrs("schema", r.getString(1),
                        "type", r.getString(3), "start", r.getString(4), "increment", r.getString(5),
                        "min", r.getString(6), "max", r.getString(7), "cycle", String.valueOf(r.getBoolean(8)),
                        "ownedBy?", r.getString(9), "comment?", r.getString(10)))));
        rows(c, "SELECT n.nspname, c.relname, c.relpersistence = 'u', pg_get_partkeydef(c.oid),"
                + " (SELECT quote_ident(pn.nspname) || '.' || quote_ident(pc.relname) FROM pg_catalog.pg_inherits i"
                + " JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent JOIN pg_catalog.pg_namespace pn"
                + " ON pn.oid = pc.relnamespace WHERE i.inhrelid = c.oid AND c.relispartition),"
                + " CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END,"
                + " obj_description(c.oid, 'pg_class') FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n"
                + " ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND " + USER_SCHEMA + " AND " + notLedger
                + " AND " + notInExtension("pg_class", "c.oid") + " ORDER BY c.oid", r ->
                out.add(object("table", r.getString(1) + "." + r.getString(2), attrs("schema", r.getString(1),
                        "table", r.getString(2), "unlogged?", r.getBoolean(3) ? "true" : null,
                        "partitionBy?", r.getString(4), "partitionOf?", r.getString(5), "bound?", r.getString(6),
                        "comment?", r.getString(7)))));
        rows(c, "SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,"
                + " pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated, col_description(c.oid, a.attnum),"
                + " CASE WHEN a.attcollation <> t.typcollation THEN (SELECT quote_ident(cn.nspname) || '.' ||"
                + " quote_ident(co.collname) FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn"
                + " ON cn.oid = co.collnamespace WHERE co.oid = a.attcollation) END, a.attislocal"
                + " FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace JOIN pg_catalog.pg_type t"
                + " ON t.oid = a.atttypid LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid"
                + " AND d.adnum = a.attnum WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p')"
                + " AND " + USER_SCHEMA + " AND " + notLedger + " AND " + notInExtension("pg_class", "c.oid")
                + " ORDER BY c.oid, a.attnum", r -> {
                    String generated = r.getString(8);
                    boolean isGenerated = generated != null && !generated.isEmpty();
                    String identity = r.getString(7);
                    out.add(object("column", r.getString(1) + "." + r.getString(2) + "." + r.getString(3),
                            attrs("schema", r.getString(1), "table", r.getString(2), "column", r.getString(3),
                                    "type", r.getString(4), "notNull", String.valueOf(r.getBoolean(5)),
                                    "default?", isGenerated ? null : r.getString(6),
                                    "generated?", isGenerated ? r.getString(6) : null,
                                    "identity?", "a".equals(identity) ? "ALWAYS" : "d".equals(identity) ? "BY DEFAULT" : null,
                                    "comment?", r.getString(9), "collation?", r.getString(10),
                                    "inherited?", r.getBoolean(11) ? null : "true")));
                });
        rows(c, "SELECT n.nspname, c.relname, k.conname, k.contype, pg_get_constraintdef(k.oid),"
                + " obj_description(k.oid, 'pg_constraint') FROM pg_catalog.pg_constraint k"
                + " JOIN pg_catalog.pg_class c ON c.oid = k.conrelid JOIN pg_catalog.pg_namespace n"
                + " ON n.oid = c.relnamespace WHERE k.contype IN ('p', 'u', 'c', 'f', 'x') AND k.conislocal AND "
                + USER_SCHEMA + " AND " + notLedger + " ORDER BY k.contype = 'f', k.oid", r ->
                out.add(object("constraint", r.getString(1) + "." + r.getString(2) + "." + r.getString(3),
                        attrs("schema", r.getString(1), "table", r.getString(2), "constraint", r.getString(3),
                                "type", constraintType(r.getString(4)), "definition", r.getString(5),
                                "comment?", r.getString(6)))));
        rows(c, "SELECT n.nspname, c.relname, c.relkind, pg_get_viewdef(c.oid, true), obj_description(c.oid, 'pg_class')"
                + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind IN ('v', 'm') AND " + USER_SCHEMA + " AND " + notInExtension("pg_class", "c.oid")
                + " ORDER BY c.oid", r ->
                out.add(object(r.getString(3).equals("m") ? "materialized view" : "view",
                        r.getString(1) + "." + r.getString(2), attrs("schema", r.getString(1), "view", r.getString(2),
                                "definition", r.getString(4).strip(), "comment?", r.getString(5)))));
        rows(c, "SELECT n.nspname, ic.relname, c.relname, pg_get_indexdef(i.indexrelid),"
                + " obj_description(ic.oid, 'pg_class') FROM pg_catalog.pg_index i"
                + " JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid JOIN pg_catalog.pg_class c ON c.oid = i.indrelid"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE " + USER_SCHEMA + " AND " + notLedger
                + " AND " + notInExtension("pg_class", "ic.oid") + " AND NOT EXISTS (SELECT 1 FROM"
                + " pg_catalog.pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid"
                + " AND k.contype IN ('p', 'u', 'x')) AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits h"
                + " WHERE h.inhrelid = i.indexrelid) ORDER BY ic.oid", r ->
                out.add(object("index", r.getString(1) + "." + r.getString(2), attrs("schema", r.getString(1),
                        "index", r.getString(2), "on", r.getString(3), "definition", r.getString(4),
                        "comment?", r.getString(5)))));
        rows(c, "SELECT n.nspname, c.relname, t.tgname, pg_get_triggerdef(t.oid), obj_description(t.oid, 'pg_trigger')"
                + " FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal"
                + " AND t.tgparentid = 0 AND " + USER_SCHEMA + " ORDER BY t.oid", r ->
                out.add(object("trigger", r.getString(1) + "." + r.getString(2) + "." + r.getString(3),
                        attrs("schema", r.getString(1), "table", r.getString(2), "trigger", r.getString(3),
                                "definition", r.getString(4), "comment?", r.getString(5)))));
        return new SchemaSnapshot(out);
    }

    private static String constraintType(String contype) {
        return switch (contype) {
            case "p" -> "primary key";
            case "u" -> "unique";
            case "c" -> "check";
            case "f" -> "foreign key";
            case "x" -> "exclusion";
            default -> contype;
        };
    }

    /** Attributes whose name ends in '?' are left out when null; the others must be there. */
    private static SchemaObject object(String kind, String name, Map<String, String> attributes) {
        Map<String, String> kept = new LinkedHashMap<>();
        attributes.forEach((k, v) -> {
            if (k.endsWith("?")) {
                if (v != null) {
                    kept.put(k.substring(0, k.length() - 1), v);
                }
            } else {
                kept.put(k, v == null ? "" : v);
            }
        });
        return SchemaObject.of(kind, name, kept);
    }

    private static Map<String, String> attrs(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private interface Row {
        void accept(ResultSet r) throws SQLException;
    }

    private static void rows(Connection c, String sql, Row row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                row.accept(rs);
            }
        }
    }
}
