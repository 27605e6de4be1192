package dev.weave.store.elasticsearch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weave.error.MigrationSourceException;
import dev.weave.spi.schema.SchemaDifference;
import dev.weave.spi.schema.SchemaDifference.Kind;
import dev.weave.spi.schema.SchemaObject;
import dev.weave.spi.schema.SchemaSnapshot;
import dev.weave.spi.schema.StoreSchema;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Elasticsearch's schema support. The snapshot covers what the target's migrations created (the resources Weave
 * tracks for {@code clean --all}): each index with its shards, replicas, analysis and mapping options, each mapped
 * field, each alias, index and component templates, ingest pipelines. What the migrations produce is the snapshot
 * migrate records; a declared schema is {@code .weave/schema/elasticsearch.json}:
 * <pre>
 * {"indices": {"documents_v1": {"settings": {…}, "mappings": {"properties": {…}}, "aliases": {"documents": {}}}},
 *  "index_templates": {"logs": {…}}, "component_templates": {…}, "pipelines": {…}}
 * </pre>
 */
final class ElasticsearchSchema implements StoreSchema {

    static final Set<String> TOP_LEVEL = Set.of("indices", "index_templates", "component_templates", "pipelines");

    @Override
    public Reference reference() {
        return Reference.RECORDED_SNAPSHOT;
    }

    @Override
    public String desiredExtension() {
        return ".json";
    }

    @Override
    public SchemaSnapshot readDesired(Path file, String text) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MigrationSourceException(file, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    "the declared schema is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new MigrationSourceException(file, 1, "the declared schema is a JSON object with "
                    + String.join(", ", TOP_LEVEL.stream().sorted().toList()));
        }
        List<SchemaObject> out = new ArrayList<>();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!TOP_LEVEL.contains(key)) {
                throw new MigrationSourceException(file, lineOf(text, "\"" + key + "\""), "unknown key '" + key
                        + "' in the declared schema; it holds " + String.join(", ", TOP_LEVEL.stream().sorted().toList()));
            }
        }
        root.path("component_templates").fields().forEachRemaining(e -> out.add(body("component template", e.getKey(), e.getValue())));
        root.path("index_templates").fields().forEachRemaining(e -> out.add(body("index template", e.getKey(), e.getValue())));
        root.path("pipelines").fields().forEachRemaining(e -> out.add(body("ingest pipeline", e.getKey(), e.getValue())));
        root.path("indices").fields().forEachRemaining(e -> {
            ObjectNode definition = e.getValue().isObject() ? ((ObjectNode) e.getValue()).deepCopy() : Json.MAPPER.createObjectNode();
            ObjectNode settings = SchemaJson.settings(definition.path("settings"));
            settings.putIfAbsent("number_of_shards", com.fasterxml.jackson.databind.node.TextNode.valueOf("1"));
            settings.putIfAbsent("number_of_replicas", com.fasterxml.jackson.databind.node.TextNode.valueOf("1"));
            index(e.getKey(), settings, definition.path("mappings"), definition.path("aliases"), out);
        });
        return new SchemaSnapshot(out);
    }

    private static int lineOf(String text, String needle) {
        int at = text.indexOf(needle);
        return at < 0 ? 0 : (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    static SchemaObject body(String kind, String name, JsonNode body) {
        return SchemaObject.of(kind, name, Map.of("body", String.valueOf(SchemaJson.text(SchemaJson.canonical(body)))));
    }

    /** An index, its fields and its aliases, from settings already flattened, as GET /index and a declaration give them. */
    static void index(String name, ObjectNode flatSettings, JsonNode mappings, JsonNode aliases, List<SchemaObject> out) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("shards", flatSettings.path("number_of_shards").asText(null));
        attributes.put("replicas", flatSettings.path("number_of_replicas").asText(null));
        ObjectNode analysis = Json.MAPPER.createObjectNode();
        flatSettings.fields().forEachRemaining(e -> {
            if (e.getKey().startsWith("analysis.")) {
                analysis.set(e.getKey(), e.getValue());
            }
        });
        attributes.put("analysis", analysis.isEmpty() ? null : analysis.toString());
        JsonNode options = SchemaJson.canonical(mappings);
        if (options != null && options.isObject()) {
            ObjectNode o = ((ObjectNode) options).deepCopy();
            o.remove("properties");
            attributes.put("mappingOptions", o.isEmpty() ? null : o.toString());
        }
        out.add(SchemaObject.of("index", name, attributes));
        fields(name, "", mappings.path("properties"), out);
        aliases.fields().forEachRemaining(a -> {
            JsonNode c = SchemaJson.canonical(a.getValue());
            out.add(SchemaObject.of("alias", name + "/" + a.getKey(), Map.of("definition", c == null ? "{}" : c.toString())));
        });
    }

    private static void fields(String index, String prefix, JsonNode properties, List<SchemaObject> out) {
        properties.fields().forEachRemaining(e -> {
            String path = prefix + e.getKey();
            JsonNode c = SchemaJson.canonical(e.getValue());
            ObjectNode mapping = c != null && c.isObject() ? ((ObjectNode) c).deepCopy() : Json.MAPPER.createObjectNode();
            mapping.remove("properties");
            out.add(SchemaObject.of("field", index + "." + path, Map.of("index", index, "path", path,
                    "mapping", mapping.toString())));
            fields(index, path + ".", e.getValue().path("properties"), out);
        });
    }

    /**
     * Templates and pipelines first (an index created next may match a template), then indices, new fields, replica
     * counts and aliases; what cannot change in place (a field's mapping, shards, analysis, a field or index the
     * declaration lacks) is written commented out, since it needs a new index and a reindex.
     */
    @Override
    public GeneratedMigration migration(SchemaSnapshot current, SchemaSnapshot desired, List<SchemaDifference> differences) {
        HttpBlocks out = new HttpBlocks();
        Set<String> newIndices = new java.util.HashSet<>();
        for (SchemaDifference d : differences) {
            if (d.kind() == Kind.MISSING && d.object().kind().equals("index")) {
                newIndices.add(d.object().name());
            }
        }
        for (String kind : List.of("component template", "index template", "ingest pipeline")) {
            for (SchemaDifference d : differences) {
                if (d.object().kind().equals(kind) && d.kind() != Kind.EXTRA) {
                    out.request("PUT " + path(kind, d.object().name()), pretty(d.expected().get("body")));
                }
            }
        }
        for (SchemaDifference d : differences) {
            SchemaObject want = d.expected();
            if (d.kind() == Kind.EXTRA || !d.object().kind().equals("index")) {
                continue;
            }
            if (d.kind() == Kind.MISSING) {
                out.request("PUT /" + HttpPaths.encode(want.name()), pretty(createBody(want, desired).toString()));
                continue;
            }
            for (String attribute : d.changed()) {
                if (attribute.equals("replicas")) {
                    out.request("PUT /" + HttpPaths.encode(want.name()) + "/_settings",
                            "{\n  \"index\": {\n    \"number_of_replicas\": \"" + want.get("replicas") + "\"\n  }\n}");
                } else {
                    out.review("index " + want.name() + " changes its " + attribute + " (" + d.actual().get(attribute)
                            + " → " + want.get(attribute) + "), which an existing index cannot: create a new index and"
                            + " reindex into it", List.of());
                }
            }
        }
        Map<String, ObjectNode> newFields = new LinkedHashMap<>();
        for (SchemaDifference d : differences) {
            if (!d.object().kind().equals("field")) {
                continue;
            }
            SchemaObject o = d.object();
            if (newIndices.contains(o.get("index"))) {
                continue;
            }
            if (d.kind() == Kind.MISSING) {
                ObjectNode properties = newFields.computeIfAbsent(o.get("index"), k -> Json.MAPPER.createObjectNode());
                put(properties, o.get("path").split("\\."), o.get("mapping"));
            } else if (d.kind() == Kind.CHANGED) {
                out.review("field " + o.name() + " changes its mapping (" + d.actual().get("mapping") + " → "
                        + d.expected().get("mapping") + "), which an existing index cannot: create a new index with the"
                        + " new mapping, reindex into it and move the alias", List.of());
            } else {
                out.review("field " + o.name() + " is not declared, and a mapped field cannot be removed: reindex into"
                        + " a new index without it", List.of());
            }
        }
        newFields.forEach((index, properties) -> {
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.set("properties", properties);
            out.request("PUT /" + HttpPaths.encode(index) + "/_mapping", pretty(body.toString()));
        });
        List<String> actions = new ArrayList<>();
        for (SchemaDifference d : differences) {
            if (!d.object().kind().equals("alias") || newIndices.contains(d.object().name().split("/")[0])) {
                continue;
            }
            String[] parts = d.object().name().split("/", 2);
            if (d.kind() == Kind.EXTRA) {
                actions.add("{\"remove\": {\"index\": " + quote(parts[0]) + ", \"alias\": " + quote(parts[1]) + "}}");
            } else {
                ObjectNode add = (ObjectNode) parse(d.expected().get("definition"));
                add.put("index", parts[0]);
                add.put("alias", parts[1]);
                actions.add("{\"add\": " + add + "}");
            }
        }
        if (!actions.isEmpty()) {
            out.request("POST /_aliases", pretty("{\"actions\": [" + String.join(", ", actions) + "]}"));
        }
        for (SchemaDifference d : differences) {
            if (d.kind() != Kind.EXTRA) {
                continue;
            }
            String kind = d.object().kind();
            if (kind.equals("index")) {
                out.review("index " + d.object().name() + " is not declared: deleting it destroys its documents",
                        List.of("DELETE /" + HttpPaths.encode(d.object().name())));
            } else if (kind.endsWith("template")) {
                out.request("DELETE " + path(kind, d.object().name()), null);
            } else if (kind.equals("ingest pipeline")) {
                out.review("ingest pipeline " + d.object().name() + " is not declared: requests that name it fail once it"
                        + " is deleted", List.of("DELETE " + path(kind, d.object().name())));
            }
        }
        return out.migration();
    }

    private static String path(String kind, String name) {
        String encoded = HttpPaths.encode(name);
        return switch (kind) {
            case "component template" -> "/_component_template/" + encoded;
            case "index template" -> "/_index_template/" + encoded;
            default -> "/_ingest/pipeline/" + encoded;
        };
    }

    /** PUT /index's body: settings, the mapping rebuilt from its fields, aliases. */
    private static ObjectNode createBody(SchemaObject index, SchemaSnapshot desired) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ObjectNode settings = body.putObject("settings");
        settings.put("number_of_shards", index.get("shards"));
        settings.put("number_of_replicas", index.get("replicas"));
        if (index.get("analysis") != null) {
            parse(index.get("analysis")).fields().forEachRemaining(e -> settings.set(e.getKey(), e.getValue()));
        }
        ObjectNode mappings = index.get("mappingOptions") != null ? (ObjectNode) parse(index.get("mappingOptions"))
                : Json.MAPPER.createObjectNode();
        ObjectNode properties = Json.MAPPER.createObjectNode();
        ObjectNode aliases = Json.MAPPER.createObjectNode();
        for (SchemaObject o : desired.objects()) {
            if (o.kind().equals("field") && o.get("index").equals(index.name())) {
                put(properties, o.get("path").split("\\."), o.get("mapping"));
            } else if (o.kind().equals("alias") && o.name().startsWith(index.name() + "/")) {
                aliases.set(o.name().substring(index.name().length() + 1), parse(o.get("definition")));
            }
        }
        if (!properties.isEmpty()) {
            mappings.set("properties", properties);
        }
        if (!mappings.isEmpty()) {
            body.set("mappings", mappings);
        }
        if (!aliases.isEmpty()) {
            body.set("aliases", aliases);
        }
        return body;
    }

    /** Puts a field's mapping at its path below {@code properties}, object fields in between. */
    private static void put(ObjectNode properties, String[] path, String mapping) {
        ObjectNode at = properties;
        for (int i = 0; i < path.length - 1; i++) {
            ObjectNode parent = at.has(path[i]) ? (ObjectNode) at.get(path[i]) : at.putObject(path[i]);
            at = parent.has("properties") ? (ObjectNode) parent.get("properties") : parent.putObject("properties");
        }
        ObjectNode field = (ObjectNode) parse(mapping);
        if (at.has(path[path.length - 1]) && at.get(path[path.length - 1]).has("properties")) {
            field.set("properties", at.get(path[path.length - 1]).get("properties"));
        }
        at.set(path[path.length - 1], field);
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a snapshot attribute is not JSON: " + json, e);
        }
    }

    private static String pretty(String json) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Json.MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quote(String s) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(s).toString();
    }

    /** The requests of a generated {@code .http} file, separated by {@code ###}; reviewed ones commented out. */
    private static final class HttpBlocks {
        private final List<String> blocks = new ArrayList<>();
        private int steps;
        private int review;

        void request(String line, String body) {
            blocks.add(line + (body == null ? "" : "\nContent-Type: application/json\n\n" + body) + "\n");
            steps++;
        }

        void review(String why, List<String> requests) {
            StringBuilder s = new StringBuilder("# weave:review ").append(why).append("; uncomment when that is intended\n");
            requests.forEach(r -> s.append("# ").append(r).append('\n'));
            blocks.add(s.toString());
            steps++;
            review++;
        }

        GeneratedMigration migration() {
            String head = "# " + GeneratedMigration.headline(steps, review) + "\n";
            return new GeneratedMigration(head + String.join("\n###\n\n", blocks), steps, review);
        }
    }
}
