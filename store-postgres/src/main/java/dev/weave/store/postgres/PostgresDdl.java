package dev.weave.store.postgres;

import dev.weave.spi.schema.SchemaDifference;
import dev.weave.spi.schema.SchemaObject;
import dev.weave.spi.schema.SchemaSnapshot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statements of a generated migration, one per step, as text: plain ones, and those left commented out under a
 * {@code -- weave:review <why>} line because they destroy data or may fail on rows that exist.
 */
final class PostgresDdl {

    private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_$]*");
    /** Reserved words that must be quoted as identifiers (PostgreSQL's reserved list, the ones names use). */
    private static final Set<String> RESERVED = Set.of("all", "analyse", "analyze", "and", "any", "array", "as", "asc",
            "asymmetric", "both", "case", "cast", "check", "collate", "column", "constraint", "create",
            "current_catalog", "current_date", "current_role", "current_time", "current_timestamp", "current_user",
            "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "false", "fetch", "for",
            "foreign", "from", "grant", "group", "having", "in", "initially", "intersect", "into", "lateral",
            "leading", "limit", "localtime", "localtimestamp", "not", "null", "offset", "on", "only", "or", "order",
            "placing", "primary", "references", "returning", "select", "session_user", "some", "symmetric",
            "system_user", "table", "then", "to", "trailing", "true", "union", "unique", "user", "using", "variadic",
            "when", "where", "window", "with", "authorization", "binary", "collation", "concurrently", "cross",
            "current_schema", "freeze", "full", "ilike", "inner", "is", "isnull", "join", "left", "like", "natural",
            "notnull", "outer", "overlaps", "right", "similar", "tablesample", "verbose");
    private static final List<String> INTEGERS = List.of("smallint", "integer", "bigint");
    private static final Pattern LENGTH = Pattern.compile("(character varying|character|bit varying|numeric)\\((\\d+)(?:,(\\d+))?\\)");

    private final StringBuilder text = new StringBuilder();
    private int steps;
    private int toReview;

    /** A name as an identifier, quoted when it must be. */
    static String q(String name) {
        return PLAIN_IDENTIFIER.matcher(name).matches() && !RESERVED.contains(name) ? name
                : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    static String qq(String schema, String name) {
        return q(schema) + "." + q(name);
    }

    /** {@code public.users} (a table key) as it reads in SQL. */
    static String qualified(String schemaDotName) {
        int dot = schemaDotName.indexOf('.');
        return qq(schemaDotName.substring(0, dot), schemaDotName.substring(dot + 1));
    }

    /** A schema-level object (sequence, enum, domain) by its key {@code schema.name}, quoted as SQL names it. */
    static String schemaQualified(SchemaObject o) {
        return qq(o.get("schema"), o.name().substring(o.get("schema").length() + 1));
    }

    /** {@code public.touch(integer)} from a function's key: the schema, the name, the identity arguments. */
    static String qualifiedFunction(SchemaObject f) {
        String rest = f.name().substring(f.get("schema").length() + 1);
        int paren = rest.indexOf('(');
        return qq(f.get("schema"), rest.substring(0, paren)) + rest.substring(paren);
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    void plain(String statement) {
        text.append(statement.strip());
        if (!statement.strip().endsWith(";")) {
            text.append(';');
        }
        text.append("\n\n");
        steps++;
    }

    /** Statements written commented out, under why they need a person's look. */
    void review(String why, List<String> statements) {
        text.append("-- weave:review ").append(why).append("; uncomment when that is intended\n");
        for (String statement : statements) {
            for (String line : (statement.strip() + (statement.strip().endsWith(";") ? "" : ";")).split("\n")) {
                text.append("-- ").append(line).append('\n');
            }
        }
        text.append('\n');
        steps++;
        toReview++;
    }

    void comment(boolean created, SchemaDifference d, String target) {
        String want = d.expected().get("comment");
        if (created ? want != null : d.changed().contains("comment")) {
            plain("COMMENT ON " + target + " IS " + (want == null ? "NULL" : literal(want)));
        }
    }

    String text() {
        return "-- " + dev.weave.spi.schema.StoreSchema.GeneratedMigration.headline(steps, toReview)
                + "\n-- Read it before it runs; it runs in one transaction with its ledger row.\n\n" + text;
    }

    int steps() {
        return steps;
    }

    int toReview() {
        return toReview;
    }

    void createTable(SchemaObject table, SchemaSnapshot desired) {
        String name = qq(table.get("schema"), table.get("table"));
        String head = "CREATE " + ("true".equals(table.get("unlogged")) ? "UNLOGGED " : "") + "TABLE " + name;
        if (table.get("partitionOf") != null) {
            plain(head + " PARTITION OF " + table.get("partitionOf") + " " + table.get("bound")
                    + (table.get("partitionBy") != null ? " PARTITION BY " + table.get("partitionBy") : ""));
            return;
        }
        List<String> columns = new ArrayList<>();
        for (SchemaObject col : desired.objects()) {
            if (col.kind().equals("column") && (col.get("schema") + "." + col.get("table")).equals(table.name())) {
                columns.add("    " + columnDefinition(col));
            }
        }
        plain(head + " (\n" + String.join(",\n", columns) + "\n)"
                + (table.get("partitionBy") != null ? " PARTITION BY " + table.get("partitionBy") : ""));
    }

    void changeTable(SchemaDifference d) {
        String name = qq(d.expected().get("schema"), d.expected().get("table"));
        for (String attribute : d.changed()) {
            switch (attribute) {
                case "comment" -> { } // written by the caller
                case "unlogged" -> plain("ALTER TABLE " + name + " SET " + ("true".equals(d.expected().get("unlogged"))
                        ? "UNLOGGED" : "LOGGED"));
                default -> review("table " + d.object().name() + " changes its " + attribute + " ("
                        + d.actual().get(attribute) + " → " + d.expected().get(attribute) + "), which needs the table"
                        + " rebuilt", List.of());
            }
        }
    }

    static String columnDefinition(SchemaObject col) {
        StringBuilder s = new StringBuilder(q(col.get("column"))).append(' ').append(col.get("type"));
        if (col.get("collation") != null) {
            s.append(" COLLATE ").append(col.get("collation"));
        }
        if (col.get("generated") != null) {
            s.append(" GENERATED ALWAYS AS (").append(col.get("generated")).append(") STORED");
        } else if (col.get("identity") != null) {
            s.append(" GENERATED ").append(col.get("identity")).append(" AS IDENTITY");
        } else if (col.get("default") != null) {
            s.append(" DEFAULT ").append(col.get("default"));
        }
        if ("true".equals(col.get("notNull"))) {
            s.append(" NOT NULL");
        }
        return s.toString();
    }

    void column(SchemaDifference d, boolean create) {
        SchemaObject want = d.expected();
        String table = "ALTER TABLE " + qq(want.get("schema"), want.get("table"));
        String col = q(want.get("column"));
        if (create) {
            plain(table + " ADD COLUMN " + columnDefinition(want));
            comment(true, d, "COLUMN " + qq(want.get("schema"), want.get("table")) + "." + col);
            return;
        }
        SchemaObject have = d.actual();
        for (String attribute : d.changed()) {
            switch (attribute) {
                case "type" -> {
                    String statement = table + " ALTER COLUMN " + col + " TYPE " + want.get("type");
                    if (widens(have.get("type"), want.get("type"))) {
                        plain(statement);
                    } else {
                        review("column " + d.object().name() + " changes type from " + have.get("type") + " to "
                                + want.get("type") + ": that rewrites the table and may fail on or cut existing values",
                                List.of(statement + " USING " + col + "::" + want.get("type")));
                    }
                }
                case "notNull" -> plain(table + " ALTER COLUMN " + col + ("true".equals(want.get("notNull"))
                        ? " SET NOT NULL" : " DROP NOT NULL"));
                case "default" -> plain(table + " ALTER COLUMN " + col + (want.get("default") == null
                        ? " DROP DEFAULT" : " SET DEFAULT " + want.get("default")));
                case "comment" -> comment(false, d, "COLUMN " + qq(want.get("schema"), want.get("table")) + "." + col);
                case "identity" -> {
                    if (want.get("identity") != null && have.get("identity") != null) {
                        plain(table + " ALTER COLUMN " + col + " SET GENERATED " + want.get("identity"));
                    } else if (want.get("identity") == null) {
                        plain(table + " ALTER COLUMN " + col + " DROP IDENTITY");
                    } else {
                        plain(table + " ALTER COLUMN " + col + " ADD GENERATED " + want.get("identity") + " AS IDENTITY");
                    }
                }
                default -> review("column " + d.object().name() + " changes its " + attribute + " ("
                        + have.get(attribute) + " → " + want.get(attribute) + "): recreate the column by hand",
                        List.of());
            }
        }
    }

    /** Whether a type change keeps every value: a longer varchar, varchar to text, a larger integer … */
    static boolean widens(String from, String to) {
        if (to.equals("text") && (from.startsWith("character varying") || from.startsWith("character("))) {
            return true;
        }
        if (from.startsWith("character varying(") && to.equals("character varying")) {
            return true;
        }
        if (from.startsWith("numeric(") && to.equals("numeric")) {
            return true;
        }
        int a = INTEGERS.indexOf(from);
        int b = INTEGERS.indexOf(to);
        if (a >= 0 && (b > a || to.equals("numeric"))) {
            return true;
        }
        if (from.equals("real") && to.equals("double precision")) {
            return true;
        }
        Matcher f = LENGTH.matcher(from);
        Matcher t = LENGTH.matcher(to);
        if (f.matches() && t.matches() && f.group(1).equals(t.group(1)) && !f.group(1).equals("character")) {
            int fs = f.group(3) == null ? 0 : Integer.parseInt(f.group(3));
            int ts = t.group(3) == null ? 0 : Integer.parseInt(t.group(3));
            return Integer.parseInt(t.group(2)) - ts >= Integer.parseInt(f.group(2)) - fs && ts >= fs;
        }
        return false;
    }

    void constraint(SchemaDifference d, boolean create) {
        SchemaObject want = d.expected();
        String table = "ALTER TABLE " + qq(want.get("schema"), want.get("table"));
        String name = q(want.get("constraint"));
        boolean redefine = create || d.changed().stream().anyMatch(a -> !a.equals("comment"));
        if (redefine) {
            if (!create) {
                plain(table + " DROP CONSTRAINT " + name);
            }
            plain(table + " ADD CONSTRAINT " + name + " " + want.get("definition"));
        }
        comment(create, d, "CONSTRAINT " + name + " ON " + qq(want.get("schema"), want.get("table")));
    }

    void view(SchemaDifference d, boolean create) {
        SchemaObject want = d.expected();
        boolean materialized = want.kind().equals("materialized view");
        String name = qq(want.get("schema"), want.get("view"));
        String keyword = materialized ? "MATERIALIZED VIEW " : "VIEW ";
        if (create) {
            plain("CREATE " + keyword + name + " AS\n" + want.get("definition"));
        } else if (d.changed().contains("definition")) {
            if (materialized) {
                review("materialized view " + d.object().name() + " changes its query: it is dropped (with its"
                        + " indexes) and created again", List.of("DROP MATERIALIZED VIEW " + name,
                        "CREATE MATERIALIZED VIEW " + name + " AS\n" + want.get("definition")));
            } else {
                plain("CREATE OR REPLACE VIEW " + name + " AS\n" + want.get("definition"));
            }
        }
        comment(create, d, keyword + name);
    }

    void enumType(SchemaDifference d, boolean create) {
        SchemaObject want = d.expected();
        String name = schemaQualified(want);
        if (create) {
            plain("CREATE TYPE " + name + " AS ENUM (" + want.get("labels") + ")");
        } else if (d.changed().contains("labels")) {
            List<String> have = labels(d.actual().get("labels"));
            List<String> wanted = labels(want.get("labels"));
            if (wanted.size() > have.size() && wanted.containsAll(have)
                    && wanted.stream().filter(have::contains).toList().equals(have)) {
                for (int i = 0; i < wanted.size(); i++) {
                    if (!have.contains(wanted.get(i))) {
                        plain("ALTER TYPE " + name + " ADD VALUE " + wanted.get(i)
                                + (i == 0 ? " BEFORE " + wanted.get(1) : " AFTER " + wanted.get(i - 1)));
                    }
                }
            } else {
                review("enum " + want.name() + " loses or reorders values (" + d.actual().get("labels") + " → "
                        + want.get("labels") + "), which PostgreSQL cannot do in place: create a new type, move the"
                        + " columns over, drop the old one", List.of());
            }
        }
        comment(create, d, "TYPE " + name);
    }

    private static List<String> labels(String list) {
        return Arrays.stream(list.split(", (?=')")).map(String::strip).toList();
    }

    void domain(SchemaDifference d, boolean create) {
        SchemaObject want = d.expected();
        String name = schemaQualified(want);
        if (create) {
            plain("CREATE DOMAIN " + name + " AS " + want.get("type")
                    + (want.get("default") != null ? " DEFAULT " + want.get("default") : "")
                    + ("true".equals(want.get("notNull")) ? " NOT NULL" : "")
                    + (want.get("check") != null ? " " + want.get("check") : ""));
        } else {
            for (String attribute : d.changed()) {
                switch (attribute) {
                    case "default" -> plain("ALTER DOMAIN " + name + (want.get("default") == null ? " DROP DEFAULT"
                            : " SET DEFAULT " + want.get("default")));
                    case "notNull" -> plain("ALTER DOMAIN " + name + ("true".equals(want.get("notNull"))
                            ? " SET NOT NULL" : " DROP NOT NULL"));
                    case "comment" -> { }
                    default -> review("domain " + want.name() + " changes its " + attribute + " ("
                            + d.actual().get(attribute) + " → " + want.get(attribute) + "): change it by hand",
                            List.of());
                }
            }
        }
        comment(create, d, "DOMAIN " + name);
    }

    void sequence(SchemaDifference d, boolean create) {
        SchemaObject want = d.expected();
        String name = schemaQualified(want);
        String options = " AS " + want.get("type") + " INCREMENT BY " + want.get("increment") + " MINVALUE "
                + want.get("min") + " MAXVALUE " + want.get("max") + " START WITH " + want.get("start")
                + ("true".equals(want.get("cycle")) ? " CYCLE" : " NO CYCLE");
        if (create) {
            plain("CREATE SEQUENCE " + name + options);
        } else if (d.changed().stream().anyMatch(a -> !a.equals("comment") && !a.equals("ownedBy"))) {
            plain("ALTER SEQUENCE " + name + options);
        }
        comment(create, d, "SEQUENCE " + name);
    }

    void sequenceOwner(SchemaDifference d) {
        SchemaObject want = d.expected();
        String name = schemaQualified(want);
        boolean created = d.kind() == SchemaDifference.Kind.MISSING;
        if (created ? want.get("ownedBy") != null : d.changed().contains("ownedBy")) {
            plain("ALTER SEQUENCE " + name + " OWNED BY " + (want.get("ownedBy") == null ? "NONE" : want.get("ownedBy")));
        }
    }
}
