package dev.weave.store.neo4j;

import dev.weave.spi.schema.SchemaObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One constraint or index of a Neo4j schema as a {@link SchemaObject}. It is identified by what it does — its type,
 * the label or relationship type, the properties — not by its name, since a constraint created without one gets a
 * generated name; the name is an attribute, so a renamed one reads as changed. Index options (providers, vector and
 * fulltext configuration) are not compared.
 */
record GraphSchema(String kind, String type, boolean relationship, List<String> labels, List<String> properties,
                   String name, String propertyType) {

    /** {@code constraint UNIQUENESS (:Person).email}, {@code index FULLTEXT (:Doc|Note).title,body}. */
    SchemaObject object() {
        String pattern = relationship ? "()-[:" + String.join("|", labels) + "]-()" : "(:" + String.join("|", labels) + ")";
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("name", name);
        if (propertyType != null) {
            attributes.put("propertyType", propertyType.toUpperCase(Locale.ROOT).replaceAll("\\s+", " "));
        }
        attributes.put("entity", relationship ? "RELATIONSHIP" : "NODE");
        attributes.put("labels", String.join("|", labels));
        attributes.put("properties", String.join(",", properties));
        attributes.put("type", type);
        return SchemaObject.of(kind, type + " " + pattern + "." + String.join(",", properties), attributes);
    }

    static GraphSchema of(SchemaObject o) {
        return new GraphSchema(o.kind(), o.get("type"), "RELATIONSHIP".equals(o.get("entity")),
                List.of(o.get("labels").split("\\|")), List.of(o.get("properties").split(",")), o.get("name"),
                o.get("propertyType"));
    }

    /** The statement that creates it, in the form Neo4j 5 documents. */
    String createStatement() {
        String v = relationship ? "r" : "n";
        String pattern = relationship ? "()-[r:" + quoted(labels) + "]-()" : "(n:" + quoted(labels) + ")";
        String props = properties.size() == 1 && !type.equals("FULLTEXT") ? v + "." + q(properties.get(0))
                : "(" + String.join(", ", properties.stream().map(p -> v + "." + q(p)).toList()) + ")";
        if (kind.equals("constraint")) {
            String require = switch (type) {
                case "UNIQUENESS", "RELATIONSHIP_UNIQUENESS" -> "IS UNIQUE";
                case "NODE_KEY", "RELATIONSHIP_KEY" -> "IS " + (relationship ? "RELATIONSHIP" : "NODE") + " KEY";
                case "NODE_PROPERTY_EXISTENCE", "RELATIONSHIP_PROPERTY_EXISTENCE" -> "IS NOT NULL";
                default -> "IS :: " + propertyType;
            };
            return "CREATE CONSTRAINT " + q(name) + " IF NOT EXISTS FOR " + pattern + " REQUIRE " + props + " " + require;
        }
        String on = type.equals("FULLTEXT") ? "ON EACH [" + String.join(", ", properties.stream().map(p -> v + "." + q(p))
                .toList()) + "]" : "ON " + (props.startsWith("(") ? props : "(" + props + ")");
        return "CREATE " + type + " INDEX " + q(name) + " IF NOT EXISTS FOR " + pattern + " " + on;
    }

    String dropStatement() {
        return "DROP " + kind.toUpperCase(Locale.ROOT) + " " + q(name) + " IF EXISTS";
    }

    private static String quoted(List<String> labels) {
        return String.join("|", labels.stream().map(GraphSchema::q).toList());
    }

    static String unquote(String name) {
        return name.startsWith("`") && name.endsWith("`") && name.length() > 1
                ? name.substring(1, name.length() - 1).replace("``", "`") : name;
    }

    static String q(String name) {
        return name.matches("[A-Za-z_][A-Za-z0-9_]*") ? name : "`" + name.replace("`", "``") + "`";
    }
}
