package dev.weave.store.postgres;

import dev.weave.spi.schema.SchemaDifference;
import dev.weave.spi.schema.SchemaDifference.Kind;
import dev.weave.spi.schema.SchemaObject;
import dev.weave.spi.schema.SchemaSnapshot;
import dev.weave.spi.schema.StoreSchema;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * PostgreSQL's schema support: what the migrations produce is replayed into a scratch database; a declared schema
 * ({@code .weave/schema/<target>.sql}, plain DDL) is loaded into another one; both are read by
 * {@link PostgresSchemaReader}. The migration between two schemas is written here, kind by kind in dependency
 * order (types before the tables that use them, tables before their constraints, foreign keys last, views and
 * indexes after their tables, drops at the end in reverse), through {@link PostgresDdl}.
 */
final class PostgresSchema implements StoreSchema {

    /** The order objects are created in; drops go the other way. */
    static final List<String> CREATE_ORDER = List.of("schema", "extension", "enum", "domain", "function", "procedure",
            "sequence", "table", "column", "sequence owner", "constraint", "foreign key", "view",
            "materialized view", "index", "trigger");

    @Override
    public Reference reference() {
        return Reference.SCRATCH_DATABASE;
    }

    @Override
    public String desiredExtension() {
        return ".sql";
    }

    @Override
    public GeneratedMigration migration(SchemaSnapshot current, SchemaSnapshot desired, List<SchemaDifference> differences) {
        PostgresDdl ddl = new PostgresDdl();
        Set<String> newTables = new HashSet<>();
        Set<String> droppedTables = new HashSet<>();
        for (SchemaDifference d : differences) {
            if (d.object().kind().equals("table") && d.kind() == Kind.MISSING) {
                newTables.add(d.object().name());
            } else if (d.object().kind().equals("table") && d.kind() == Kind.EXTRA) {
                droppedTables.add(d.object().name());
            }
        }
        if (differences.stream().anyMatch(d -> d.kind() != Kind.EXTRA
                && (d.object().kind().equals("function") || d.object().kind().equals("procedure")))) {
            // as pg_dump does: a function body may name a table created further down
            ddl.plain("SET LOCAL check_function_bodies = off");
        }
        for (String phase : CREATE_ORDER) {
            if (phase.equals("sequence owner")) {
                differences.stream().filter(d -> d.kind() != Kind.EXTRA && d.object().kind().equals("sequence"))
                        .forEach(ddl::sequenceOwner);
                continue;
            }
            for (SchemaDifference d : differences) {
                if (d.kind() != Kind.EXTRA && phase(d.object()).equals(phase)) {
                    createOrChange(ddl, d, desired, newTables);
                }
            }
        }
        for (int i = CREATE_ORDER.size() - 1; i >= 0; i--) {
            String phase = CREATE_ORDER.get(i);
            for (SchemaDifference d : differences) {
                if (d.kind() == Kind.EXTRA && phase(d.object()).equals(phase)) {
                    drop(ddl, d.actual(), droppedTables);
                }
            }
        }
        return new GeneratedMigration(ddl.text(), ddl.steps(), ddl.toReview());
    }

    /** A constraint that is a foreign key goes after all others; a serial sequence is owned after its column exists. */
    private static String phase(SchemaObject o) {
        if (o.kind().equals("constraint") && "foreign key".equals(o.get("type"))) {
            return "foreign key";
        }
        return o.kind();
    }

    private static String tableOf(SchemaObject o) {
        return o.get("schema") + "." + o.get("table");
    }

    private void createOrChange(PostgresDdl ddl, SchemaDifference d, SchemaSnapshot desired, Set<String> newTables) {
        SchemaObject want = d.expected();
        boolean create = d.kind() == Kind.MISSING;
        switch (want.kind()) {
            case "schema" -> {
                if (create) {
                    ddl.plain("CREATE SCHEMA " + PostgresDdl.q(want.name()));
                }
                ddl.comment(create, d, "SCHEMA " + PostgresDdl.q(want.name()));
            }
            case "extension" -> ddl.plain(create
                    ? "CREATE EXTENSION IF NOT EXISTS " + PostgresDdl.q(want.name()) + " SCHEMA " + PostgresDdl.q(want.get("schema"))
                    : "ALTER EXTENSION " + PostgresDdl.q(want.name()) + " SET SCHEMA " + PostgresDdl.q(want.get("schema")));
            case "enum" -> ddl.enumType(d, create);
            case "domain" -> ddl.domain(d, create);
            case "function", "procedure" -> {
                if (create || d.changed().contains("definition")) {
                    ddl.plain(want.get("definition"));
                }
                ddl.comment(create, d, want.kind().toUpperCase(java.util.Locale.ROOT) + " " + PostgresDdl.qualifiedFunction(want));
            }
            case "sequence" -> ddl.sequence(d, create);
            case "table" -> {
                if (create) {
                    ddl.createTable(want, desired);
                } else {
                    ddl.changeTable(d);
                }
                ddl.comment(create, d, "TABLE " + PostgresDdl.qq(want.get("schema"), want.get("table")));
                for (SchemaObject col : desired.objects()) {
                    if (create && col.kind().equals("column") && tableOf(col).equals(want.name())) {
                        ddl.comment(true, new SchemaDifference(Kind.MISSING, col, null, List.of()),
                                "COLUMN " + PostgresDdl.qq(col.get("schema"), col.get("table")) + "." + PostgresDdl.q(col.get("column")));
                    }
                }
            }
            case "column" -> {
                if (!newTables.contains(tableOf(want)) && !"true".equals(want.get("inherited"))) {
                    ddl.column(d, create);
                }
            }
            case "constraint" -> ddl.constraint(d, create);
            case "view", "materialized view" -> ddl.view(d, create);
            case "index" -> {
                if (create || d.changed().contains("definition")) {
                    if (!create) {
                        ddl.plain("DROP INDEX " + PostgresDdl.qq(want.get("schema"), want.get("index")));
                    }
                    ddl.plain(want.get("definition"));
                }
                ddl.comment(create, d, "INDEX " + PostgresDdl.qq(want.get("schema"), want.get("index")));
            }
            case "trigger" -> {
                String on = PostgresDdl.qq(want.get("schema"), want.get("table"));
                if (create || d.changed().contains("definition")) {
                    if (!create) {
                        ddl.plain("DROP TRIGGER " + PostgresDdl.q(want.get("trigger")) + " ON " + on);
                    }
                    ddl.plain(want.get("definition"));
                }
                ddl.comment(create, d, "TRIGGER " + PostgresDdl.q(want.get("trigger")) + " ON " + on);
            }
            default -> ddl.review("the " + want.kind() + " " + want.name() + " differs and Weave does not write DDL for"
                    + " a " + want.kind() + "; write it by hand", List.of());
        }
    }

    private void drop(PostgresDdl ddl, SchemaObject have, Set<String> droppedTables) {
        String table = have.get("table") == null ? null : tableOf(have);
        boolean withTable = table != null && droppedTables.contains(table) && !have.kind().equals("table");
        if (withTable) {
            return; // goes with its table
        }
        switch (have.kind()) {
            case "trigger" -> ddl.plain("DROP TRIGGER " + PostgresDdl.q(have.get("trigger")) + " ON "
                    + PostgresDdl.qq(have.get("schema"), have.get("table")));
            case "index" -> ddl.plain("DROP INDEX " + PostgresDdl.qq(have.get("schema"), have.get("index")));
            case "view" -> ddl.plain("DROP VIEW " + PostgresDdl.qq(have.get("schema"), have.get("view")));
            case "materialized view" -> ddl.review("dropping materialized view " + have.name() + " loses its rows until"
                    + " it is created and refreshed again", List.of("DROP MATERIALIZED VIEW "
                    + PostgresDdl.qq(have.get("schema"), have.get("view"))));
            case "constraint" -> ddl.plain("ALTER TABLE " + PostgresDdl.qq(have.get("schema"), have.get("table"))
                    + " DROP CONSTRAINT " + PostgresDdl.q(have.get("constraint")));
            case "column" -> {
                if (!"true".equals(have.get("inherited"))) {
                    ddl.review("dropping column " + have.name() + " destroys its data", List.of("ALTER TABLE "
                            + PostgresDdl.qq(have.get("schema"), have.get("table")) + " DROP COLUMN "
                            + PostgresDdl.q(have.get("column"))));
                }
            }
            case "table" -> ddl.review("dropping table " + have.name() + " destroys its rows", List.of("DROP TABLE "
                    + PostgresDdl.qq(have.get("schema"), have.get("table"))));
            case "sequence" -> {
                String owner = have.get("ownedBy");
                if (owner == null || droppedTables.stream().noneMatch(t -> owner.startsWith(PostgresDdl.qualified(t) + "."))) {
                    ddl.review("dropping sequence " + have.name() + " loses its current value", List.of("DROP SEQUENCE "
                            + PostgresDdl.schemaQualified(have)));
                }
            }
            case "function", "procedure" -> ddl.plain("DROP " + have.kind().toUpperCase(java.util.Locale.ROOT) + " "
                    + PostgresDdl.qualifiedFunction(have));
            case "enum", "domain" -> ddl.review("dropping " + have.kind() + " " + have.name() + " fails while a column"
                    + " uses it, and removes its values for good", List.of("DROP " + (have.kind().equals("enum") ? "TYPE " : "DOMAIN ")
                    + PostgresDdl.schemaQualified(have)));
            case "extension" -> ddl.review("dropping extension " + have.name() + " drops what it provides",
                    List.of("DROP EXTENSION " + PostgresDdl.q(have.name())));
            case "schema" -> ddl.review("dropping schema " + have.name() + " fails while it holds objects",
                    List.of("DROP SCHEMA " + PostgresDdl.q(have.name())));
            default -> ddl.review("the " + have.kind() + " " + have.name() + " is not in the declared schema; drop it"
                    + " by hand if that is intended", List.of());
        }
    }
}
