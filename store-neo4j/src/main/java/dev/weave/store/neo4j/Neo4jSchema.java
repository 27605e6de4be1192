package dev.weave.store.neo4j;

import dev.weave.error.MigrationSourceException;
import dev.weave.spi.schema.SchemaDifference;
import dev.weave.spi.schema.SchemaObject;
import dev.weave.spi.schema.SchemaSnapshot;
import dev.weave.spi.schema.StoreSchema;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.Value;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Neo4j's schema support: constraints and indexes, read with {@code SHOW CONSTRAINTS} / {@code SHOW INDEXES} (less
 * the token lookup indexes every database has, the indexes that back constraints, and Weave's own). There is one
 * user database in Community edition, so what the migrations produce is the snapshot migrate records in the ledger;
 * a declared schema ({@code .weave/schema/neo4j.cypher}) is read here, statement by statement.
 */
final class Neo4jSchema implements StoreSchema {

    private static final String NAME = "(?:`(?:[^`]|``)+`|(?!(?i:IF|FOR)\\b)[A-Za-z_][A-Za-z0-9_]*)";
    private static final String NODE = "\\(\\s*(\\w+)\\s*:\\s*([^)]+?)\\s*\\)";
    private static final String REL = "\\(\\s*\\)\\s*<?-\\s*\\[\\s*(\\w+)\\s*:\\s*([^\\]]+?)\\s*]\\s*->?\\s*\\(\\s*\\)";
    private static final Pattern CONSTRAINT = Pattern.compile("CREATE\\s+CONSTRAINT\\s+(?:(" + NAME + ")\\s+)?"
            + "(?:IF\\s+NOT\\s+EXISTS\\s+)?FOR\\s+(?:" + NODE + "|" + REL + ")\\s+REQUIRE\\s+(.+?)\\s+IS\\s+"
            + "(UNIQUE|NODE\\s+KEY|RELATIONSHIP\\s+KEY|REL\\s+KEY|KEY|NOT\\s+NULL|(?:::|TYPED)\\s*.+)"
            + "(?:\\s+OPTIONS\\s+.*)?", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern INDEX = Pattern.compile("CREATE\\s+(?:(RANGE|TEXT|POINT|FULLTEXT|VECTOR)\\s+)?INDEX\\s+"
            + "(?:(" + NAME + ")\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?FOR\\s+(?:" + NODE + "|" + REL + ")\\s+ON\\s+"
            + "(?:EACH\\s+)?(.+?)(?:\\s+OPTIONS\\s+.*)?", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern PROPERTY = Pattern.compile("(\\w+)\\.(`(?:[^`]|``)+`|\\w+)");

    @Override
    public Reference reference() {
        return Reference.RECORDED_SNAPSHOT;
    }

    @Override
    public String desiredExtension() {
        return ".cypher";
    }

    @Override
    public SchemaSnapshot readDesired(Path file, String text) {
        List<SchemaObject> objects = new ArrayList<>();
        List<CypherStatement> statements;
        try {
            statements = CypherSplitter.split(text);
        } catch (UnterminatedCypherException e) {
            throw new MigrationSourceException(file, e.getMessage());
        }
        for (CypherStatement s : statements) {
            String statement = s.text().strip();
            GraphSchema parsed = parse(statement);
            if (parsed == null) {
                throw new MigrationSourceException(file, s.line(), "a declared Neo4j schema holds only CREATE CONSTRAINT"
                        + " and CREATE INDEX statements (Neo4j 5 syntax: CREATE CONSTRAINT person_email FOR (p:Person)"
                        + " REQUIRE p.email IS UNIQUE), not: " + firstLine(statement));
            }
            if (parsed.name() == null) {
                throw new MigrationSourceException(file, s.line(), "name the " + parsed.kind() + " (CREATE "
                        + (parsed.kind().equals("index") ? "INDEX person_name FOR" : "CONSTRAINT person_email FOR")
                        + " …): Neo4j gives an unnamed one a generated name, which cannot be compared or dropped by name");
            }
            SchemaObject o = parsed.object();
            if (objects.stream().anyMatch(x -> x.key().equals(o.key()))) {
                throw new MigrationSourceException(file, s.line(), "this " + o.kind() + " is declared twice (" + o.name() + ")");
            }
            objects.add(o);
        }
        return new SchemaSnapshot(objects);
    }

    private static String firstLine(String statement) {
        String line = statement.lines().findFirst().orElse("");
        return line.length() > 80 ? line.substring(0, 77) + "..." : line;
    }

    static GraphSchema parse(String statement) {
        Matcher c = CONSTRAINT.matcher(statement);
        if (c.matches()) {
            boolean rel = c.group(4) != null;
            String variable = rel ? c.group(4) : c.group(2);
            String requirement = c.group(7).trim().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
            String type;
            String propertyType = null;
            if (requirement.equals("UNIQUE")) {
                type = rel ? "RELATIONSHIP_UNIQUENESS" : "UNIQUENESS";
            } else if (requirement.endsWith("KEY")) {
                type = rel ? "RELATIONSHIP_KEY" : "NODE_KEY";
            } else if (requirement.equals("NOT NULL")) {
                type = rel ? "RELATIONSHIP_PROPERTY_EXISTENCE" : "NODE_PROPERTY_EXISTENCE";
            } else {
                type = rel ? "RELATIONSHIP_PROPERTY_TYPE" : "NODE_PROPERTY_TYPE";
                propertyType = c.group(7).trim().replaceFirst("(?i)^(::|TYPED)\\s*", "");
            }
            return new GraphSchema("constraint", type, rel, labels(rel ? c.group(5) : c.group(3)),
                    properties(c.group(6), variable), name(c.group(1)), propertyType);
        }
        Matcher i = INDEX.matcher(statement);
        if (i.matches()) {
            boolean rel = i.group(5) != null;
            String variable = rel ? i.group(5) : i.group(3);
            String type = i.group(1) == null ? "RANGE" : i.group(1).toUpperCase(Locale.ROOT);
            return new GraphSchema("index", type, rel, labels(rel ? i.group(6) : i.group(4)),
                    properties(i.group(7), variable), name(i.group(2)), null);
        }
        return null;
    }

    private static String name(String given) {
        if (given == null) {
            return null;
        }
        return given.startsWith("`") ? given.substring(1, given.length() - 1).replace("``", "`") : given;
    }

    private static List<String> labels(String text) {
        return java.util.Arrays.stream(text.split("\\|")).map(String::strip).map(GraphSchema::unquote).toList();
    }

    private static List<String> properties(String text, String variable) {
        List<String> out = new ArrayList<>();
        Matcher m = PROPERTY.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(variable)) {
                out.add(name(m.group(2)));
            }
        }
        return out;
    }

    /** The constraints and indexes of the connection's database, less the ones no migration writes. */
    static SchemaSnapshot read(Session session) {
        List<SchemaObject> objects = new ArrayList<>();
        for (Record r : session.run("SHOW CONSTRAINTS YIELD *").list()) {
            String name = r.get("name").asString();
            if (name.startsWith("__weave")) {
                continue;
            }
            objects.add(new GraphSchema("constraint", r.get("type").asString(),
                    r.get("entityType").asString().equals("RELATIONSHIP"), strings(r.get("labelsOrTypes")),
                    strings(r.get("properties")), name, r.containsKey("propertyType") && !r.get("propertyType").isNull()
                    ? r.get("propertyType").asString() : null).object());
        }
        for (Record r : session.run("SHOW INDEXES YIELD *").list()) {
            String name = r.get("name").asString();
            if (name.startsWith("__weave") || r.get("type").asString().equals("LOOKUP") || !r.get("owningConstraint").isNull()) {
                continue;
            }
            objects.add(new GraphSchema("index", r.get("type").asString(),
                    r.get("entityType").asString().equals("RELATIONSHIP"), strings(r.get("labelsOrTypes")),
                    strings(r.get("properties")), name, null).object());
        }
        return new SchemaSnapshot(objects);
    }

    private static List<String> strings(Value v) {
        return v.isNull() ? List.of() : v.asList(Value::asString);
    }

    /**
     * Constraints before indexes (an index on what a constraint covers would be refused), a renamed object dropped
     * and created again; a constraint the declared schema lacks is dropped only after review, since that lets
     * duplicates or missing values in; an index it lacks is dropped.
     */
    @Override
    public GeneratedMigration migration(SchemaSnapshot current, SchemaSnapshot desired, List<SchemaDifference> differences) {
        StringBuilder out = new StringBuilder();
        int steps = 0;
        int review = 0;
        for (String kind : List.of("constraint", "index")) {
            for (SchemaDifference d : differences) {
                if (!d.object().kind().equals(kind) || d.kind() == SchemaDifference.Kind.EXTRA) {
                    continue;
                }
                GraphSchema want = GraphSchema.of(d.expected());
                if (d.kind() == SchemaDifference.Kind.CHANGED) {
                    out.append(GraphSchema.of(d.actual()).dropStatement()).append(";\n");
                    steps++;
                }
                out.append(want.createStatement()).append(";\n");
                steps++;
            }
        }
        for (String kind : List.of("index", "constraint")) {
            for (SchemaDifference d : differences) {
                if (!d.object().kind().equals(kind) || d.kind() != SchemaDifference.Kind.EXTRA) {
                    continue;
                }
                GraphSchema have = GraphSchema.of(d.actual());
                if (kind.equals("index")) {
                    out.append(have.dropStatement()).append(";\n");
                } else {
                    out.append("// weave:review dropping constraint ").append(have.name()).append(" lets values in that it"
                            + " refuses today; uncomment when that is intended\n// ").append(have.dropStatement()).append(";\n");
                    review++;
                }
                steps++;
            }
        }
        String head = "// " + GeneratedMigration.headline(steps, review) + "\n";
        return new GeneratedMigration(head + out, steps, review);
    }
}
