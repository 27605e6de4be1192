package dev.weave.store.neo4j;

import dev.weave.error.ConfigurationException;
import dev.weave.model.ForeignEntry;
import dev.weave.model.ForeignEntry.Kind;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.Value;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the history neo4j-migrations leaves in a graph, for {@code weave db adopt}; only reads. Its ledger is a
 * chain {@code (:__Neo4jMigration {version:'BASELINE'})-[:MIGRATED_TO {at, in, by, connectedAs}]->(:__Neo4jMigration
 * {version, description, type, repeatable, source, checksum})…}; a repeatable run again adds a {@code REPEATED}
 * loop with the new checksum. When neo4j-migrations kept its chain in a schema database apart from the migrated
 * one, every node carries {@code migrationTarget} (the migrated database): the chain whose target is this
 * database is read, else the one without a target.
 */
final class ForeignHistories {

    static final String NEO4J_MIGRATIONS = "neo4j-migrations";

    /** Tool → the label it writes by default. */
    static final Map<String, String> SOURCES = Map.of(NEO4J_MIGRATIONS, "__Neo4jMigration");

    private ForeignHistories() {
    }

    static List<ForeignEntry> read(Session session, String database, String tool, String label) {
        if (!tool.equals(NEO4J_MIGRATIONS)) {
            throw new ConfigurationException("the neo4j store cannot read the history of " + tool);
        }
        if (!label.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new ConfigurationException("--label " + label + " is not a label name (letters, digits, _)");
        }
        String l = "`" + label + "`";
        List<String> targets = session.run("MATCH (b:" + l + " {version: 'BASELINE'}) RETURN b.migrationTarget AS t")
                .list(r -> r.get("t").isNull() ? null : r.get("t").asString());
        if (targets.isEmpty()) {
            long nodes = session.run("MATCH (n:" + l + ") RETURN count(n) AS n").single().get("n").asLong();
            if (nodes == 0) {
                throw new ConfigurationException("there are no :" + label + " nodes in database " + database
                        + "; name neo4j-migrations' label with --label, or run adopt against the database that holds"
                        + " its chain");
            }
            throw new ConfigurationException("the :" + label + " nodes in database " + database + " have no BASELINE"
                    + " node to start from, so they are not a neo4j-migrations chain; nothing was written");
        }
        String target = targets.contains(database) ? database : null;
        if (target == null && !targets.contains(null)) {
            throw new ConfigurationException("the neo4j-migrations chains in database " + database + " are for "
                    + String.join(", ", targets) + ", not for " + database + "; adopt from the target whose database"
                    + " neo4j-migrations migrated");
        }
        List<Record> paths = session.run("MATCH p = (b:" + l + " {version: 'BASELINE'})-[:MIGRATED_TO*]->(last:" + l + ")"
                        + " WHERE coalesce(b.migrationTarget, '<default>') = coalesce($target, '<default>')"
                        + " AND NOT (last)-[:MIGRATED_TO]->(:" + l + ")"
                        + " RETURN [n IN nodes(p)[1..] | n {.version, .description, .type, .repeatable, .source, .checksum,"
                        + " .flyway_failed, repeated: [(n)-[r:REPEATED]->(n) | r {.checksum, .at}]}] AS nodes,"
                        + " [r IN relationships(p) | r {.at, .by, ms: r.in.milliseconds}] AS steps",
                Map.of("target", target == null ? org.neo4j.driver.Values.NULL : org.neo4j.driver.Values.value(target)))
                .list();
        List<ForeignEntry> rows = new ArrayList<>();
        if (paths.isEmpty()) {
            return rows; // a baseline alone: nothing ran yet
        }
        List<Value> nodes = paths.get(0).get("nodes").asList(v -> v);
        List<Value> steps = paths.get(0).get("steps").asList(v -> v);
        for (int i = 0; i < nodes.size(); i++) {
            Value node = nodes.get(i);
            Value step = steps.get(i);
            String version = node.get("version").asString(null);
            String type = node.get("type").asString("CYPHER");
            boolean repeatable = node.get("repeatable").asBoolean(false);
            String checksum = node.get("checksum").asString(null);
            Instant at = step.get("at").isNull() ? null : step.get("at").asZonedDateTime().toInstant();
            List<Value> repeated = node.get("repeated").asList(v -> v);
            for (Value again : repeated) { // the latest repetition's checksum is the one that ran last
                Instant when = again.get("at").isNull() ? null : again.get("at").asZonedDateTime().toInstant();
                if (when != null && (at == null || when.isAfter(at))) {
                    at = when;
                    checksum = again.get("checksum").asString(checksum);
                }
            }
            Kind kind = switch (type) {
                case "CYPHER" -> repeatable ? Kind.REPEATABLE : Kind.VERSIONED;
                default -> Kind.UNSUPPORTED; // JAVA migrations, catalog items …: nothing Weave can run or check
            };
            String where = ":" + label + " node " + (i + 1) + " of the chain";
            rows.add(new ForeignEntry(i + 1, repeatable ? null : version, node.get("description").asString(""), kind,
                    node.get("source").asString(null), checksum, step.get("by").asString(null), at,
                    step.get("ms").isNull() ? 0 : step.get("ms").asLong(), !node.get("flyway_failed").asBoolean(false),
                    where));
        }
        return rows;
    }
}
