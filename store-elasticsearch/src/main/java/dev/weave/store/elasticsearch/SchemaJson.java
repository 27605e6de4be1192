package dev.weave.store.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * One canonical JSON form for what Elasticsearch returns and what a user declares, so the two compare as text:
 * keys sorted, every scalar as a string ({@code 1} and {@code "1"} are the same setting), settings flattened to
 * dotted names without their {@code index.} prefix, empty objects and arrays dropped, and {@code "type": "object"}
 * dropped where {@code properties} says so already.
 */
final class SchemaJson {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private SchemaJson() {
    }

    static JsonNode canonical(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode value = e.getKey().equals("settings") ? settings(e.getValue()) : canonical(e.getValue());
                if (value != null && !(value.isContainerNode() && value.isEmpty())) {
                    sorted.put(e.getKey(), value);
                }
            }
            if (sorted.containsKey("properties") && sorted.get("type") != null && sorted.get("type").asText().equals("object")) {
                sorted.remove("type");
            }
            ObjectNode out = F.objectNode();
            sorted.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = F.arrayNode();
            node.forEach(n -> {
                JsonNode c = canonical(n);
                if (c != null) {
                    out.add(c);
                }
            });
            return out;
        }
        return TextNode.valueOf(node.asText());
    }

    /** {@code {"index": {"number_of_shards": 1}}} and {@code {"index.number_of_shards": "1"}} both as {@code number_of_shards: "1"}. */
    static ObjectNode settings(JsonNode settings) {
        TreeMap<String, JsonNode> flat = new TreeMap<>();
        flatten("", settings, flat);
        ObjectNode out = F.objectNode();
        flat.forEach(out::set);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
        if (node == null || node.isNull()) {
            return;
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out));
            return;
        }
        String key = prefix.startsWith("index.") ? prefix.substring("index.".length()) : prefix;
        out.put(key, canonical(node));
    }

    static String text(JsonNode canonical) {
        return canonical == null ? null : canonical.toString();
    }
}
