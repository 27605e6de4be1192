package dev.weave.store.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weave.error.ConfigurationException;
import dev.weave.model.ForeignEntry;
import dev.weave.model.ForeignEntry.Kind;
import org.elasticsearch.client.Request;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Reads the history elasticsearch-evolution leaves in a cluster, for {@code weave db adopt}; only searches. Its
 * history index ({@code es_evolution} by default) holds a document per script, id = version, with {@code version,
 * scriptName, description, checksum, executionTimestamp, executionRuntimeInMillis, success, locked, indexName}.
 * While it runs, every document is {@code locked} (on an empty history a lock document, version 0.1, stands in);
 * one left locked means a run is going on or died holding the lock, so nothing is adopted then.
 */
final class ForeignHistories {

    static final String ELASTICSEARCH_EVOLUTION = "elasticsearch-evolution";

    /** Tool → the index it writes by default. */
    static final Map<String, String> SOURCES = Map.of(ELASTICSEARCH_EVOLUTION, "es_evolution");

    /** The most one search returns: elasticsearch-evolution itself reads its history in one search too. */
    private static final int MAX = 10_000;

    private ForeignHistories() {
    }

    static List<ForeignEntry> read(Cluster cluster, String tool, String index) {
        if (!tool.equals(ELASTICSEARCH_EVOLUTION)) {
            throw new ConfigurationException("the elasticsearch store cannot read the history of " + tool);
        }
        if (index.isBlank() || index.contains("*") || index.contains(",") || index.startsWith("_")) {
            throw new ConfigurationException("--index " + index + " is not the name of one index");
        }
        Request search = new Request("POST", "/" + HttpPaths.encode(index) + "/_search");
        search.setJsonEntity("{\"size\":" + MAX + ",\"track_total_hits\":true,\"query\":{\"match_all\":{}}}");
        RawResponse answer = cluster.call("reading the " + tool + " history " + index, search);
        if (answer.status() == 404) {
            throw new ConfigurationException("there is no index " + index + " on " + cluster.endpoint.address()
                    + "; name elasticsearch-evolution's history index with --index (its setting historyIndex)");
        }
        if (!answer.ok()) {
            throw new ConfigurationException("cannot read " + index + " on " + cluster.endpoint.address() + ": "
                    + answer.summary());
        }
        JsonNode hits = answer.json().path("hits");
        long total = hits.path("total").path("value").asLong(0);
        if (total > MAX) {
            throw new ConfigurationException(index + " holds " + total + " documents, more than the " + MAX
                    + " one search returns; nothing was written");
        }
        List<JsonNode> docs = new ArrayList<>();
        hits.path("hits").forEach(hit -> docs.add(hit.path("_source")));
        docs.sort(Comparator.comparing(d -> d.path("version").asText(""), ForeignHistories::compareVersions));
        List<ForeignEntry> rows = new ArrayList<>();
        for (JsonNode doc : docs) {
            String version = doc.path("version").asText(null);
            String where = index + " document " + version;
            if (doc.path("locked").asBoolean(false)) {
                throw new ConfigurationException(where + " is locked: elasticsearch-evolution is running, or a run died"
                        + " holding its lock; let it finish (or, when none runs, remove the lock as its documentation"
                        + " says: delete document 0.1 and set locked to false) and adopt again; nothing was written");
            }
            rows.add(new ForeignEntry(rows.size() + 1, version, doc.path("description").asText(""), Kind.VERSIONED,
                    doc.path("scriptName").asText(null),
                    doc.hasNonNull("checksum") ? String.valueOf(doc.path("checksum").asInt()) : null, null,
                    instant(doc.path("executionTimestamp").asText(null)), doc.path("executionRuntimeInMillis").asLong(0),
                    doc.path("success").asBoolean(false), where));
        }
        return rows;
    }

    private static Instant instant(String timestamp) {
        if (timestamp == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(timestamp).toInstant();
        } catch (DateTimeParseException e) {
            return null; // when it ran is kept where it can be read; the row itself is still good
        }
    }

    /** Versions part by part, numerically (1.10 after 1.9), as elasticsearch-evolution orders them. */
    private static int compareVersions(String a, String b) {
        String[] x = a.split("[._]");
        String[] y = b.split("[._]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? number(x[i]) : 0;
            long q = i < y.length ? number(y[i]) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return 0;
    }

    private static long number(String part) {
        try {
            return Long.parseLong(part);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // not a number: last, and the adopt names it
        }
    }
}
