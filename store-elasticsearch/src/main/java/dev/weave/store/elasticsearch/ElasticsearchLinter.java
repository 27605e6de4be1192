package dev.weave.store.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weave.error.MigrationSourceException;
import dev.weave.model.MigrationFile;
import dev.weave.spi.lint.LintFinding;
import dev.weave.spi.lint.LintRule;
import dev.weave.spi.lint.LintRule.Severity;
import dev.weave.spi.lint.StoreLinter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The Elasticsearch rules of {@code weave db lint}, on the parsed requests. Field types are remembered across the
 * target's files (a mapping made by V1 and changed by V7 is still a change), so one linter serves one target.
 */
final class ElasticsearchLinter implements StoreLinter {

    static final LintRule DELETE_INDEX = new LintRule("ES001", "delete-index", Severity.WARNING,
            "DELETE /<index> removes the index and every document in it");
    static final LintRule SHARDS_ON_EXISTING_INDEX = new LintRule("ES002", "number-of-shards-on-existing-index",
            Severity.ERROR, "number_of_shards cannot be changed on an existing index");
    static final LintRule FIELD_TYPE_CHANGE = new LintRule("ES003", "field-type-change", Severity.ERROR,
            "Elasticsearch refuses to change the type of a mapped field");
    static final LintRule NO_CONTENT_TYPE = new LintRule("ES004", "request-without-content-type", Severity.WARNING,
            "a request with a body and no Content-Type header");

    static final List<LintRule> RULES = List.of(DELETE_INDEX, SHARDS_ON_EXISTING_INDEX, FIELD_TYPE_CHANGE, NO_CONTENT_TYPE);

    /** index → field path → type, from the mappings of the target's earlier requests. */
    private final Map<String, Map<String, String>> types = new HashMap<>();

    @Override
    public List<LintFinding> check(MigrationFile file, String text) {
        List<HttpRequest> requests;
        try {
            requests = HttpScriptParser.parse(file.path(), text);
        } catch (MigrationSourceException e) {
            return List.of(); // migrate reports it with its line
        }
        List<LintFinding> findings = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (HttpRequest r : requests) {
            List<String> segments = HttpPaths.segments(r.path());
            String index = segments.isEmpty() ? null : segments.get(0);
            boolean isIndex = index != null && !index.startsWith("_");
            boolean hasBody = r.body() != null && !r.body().isBlank();
            if (hasBody && !writesContentType(lines, r.line())) {
                findings.add(NO_CONTENT_TYPE.at(r.line(), "request " + r.number() + " (" + r.method() + " " + r.path()
                        + ") has a body but no Content-Type; Weave sends application/json, but say it (for _bulk:"
                        + " application/x-ndjson) so the file means the same to every tool"));
            }
            if (r.method().equals("DELETE") && isIndex && segments.size() == 1) {
                findings.add(DELETE_INDEX.at(r.line(), "DELETE " + r.path() + " removes the index and every document"
                        + " in it; move an alias away first, and keep a snapshot"));
                types.remove(index);
                continue;
            }
            JsonNode body = hasBody ? json(r.body()) : null;
            if (body == null || !isIndex) {
                continue;
            }
            if (segments.size() == 2 && segments.get(1).equals("_settings")
                    && (body.has("number_of_shards") || body.path("index").has("number_of_shards")
                    || body.has("index.number_of_shards"))) {
                findings.add(SHARDS_ON_EXISTING_INDEX.at(r.line(), "number_of_shards is fixed when " + index + " is"
                        + " created; Elasticsearch refuses this request. Use _split or _shrink, or create a new index"
                        + " and reindex"));
            }
            JsonNode properties = null;
            if (segments.size() == 1 && r.method().equals("PUT")) {
                properties = body.path("mappings").path("properties");
            } else if (segments.size() == 2 && segments.get(1).equals("_mapping")) {
                properties = body.path("properties");
            }
            if (properties != null && properties.isObject()) {
                fields(index, "", properties, r, findings);
            }
        }
        return findings;
    }

    private void fields(String index, String prefix, JsonNode properties, HttpRequest r, List<LintFinding> findings) {
        Map<String, String> known = types.computeIfAbsent(index, i -> new HashMap<>());
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String path = prefix + field.getKey();
            String type = field.getValue().path("type").asText(field.getValue().has("properties") ? "object" : "");
            String before = known.get(path);
            if (before != null && !type.isEmpty() && !before.equals(type)) {
                findings.add(FIELD_TYPE_CHANGE.at(r.line(), "field " + path + " of " + index + " is mapped as " + before
                        + "; Elasticsearch refuses to make it " + type + ". Create a new index with the new mapping,"
                        + " reindex into it and move the alias (or add a new field)"));
            } else if (!type.isEmpty()) {
                known.put(path, type);
            }
            if (field.getValue().has("properties")) {
                fields(index, path + ".", field.getValue().path("properties"), r, findings);
            }
        }
    }

    /** The parser adds the default Content-Type itself, so whether the file says one is read from its header lines. */
    private static boolean writesContentType(String[] lines, int requestLine) {
        for (int i = requestLine; i < lines.length && !lines[i].isBlank(); i++) {
            String line = lines[i].strip().toLowerCase(java.util.Locale.ROOT);
            if (line.startsWith("{") || line.startsWith("[")) {
                return false;
            }
            if (line.matches("content-type\\s*[:=].*")) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode json(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            return null; // NDJSON or not JSON: no mapping rule applies
        }
    }
}
