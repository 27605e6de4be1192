package dev.weave.store.elasticsearch;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.weave.error.StoreErrorException;
import dev.weave.model.LedgerEntry;
import org.elasticsearch.client.Request;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ledger index: one document per entry, id = rank. Entries are written with {@code op_type=create}
 * (a rank is never overwritten, so two runners can never both record the same rank, whatever was refreshed).
 * An insert does not force a refresh (that cost ~2/3 of each migration's time); instead the first read after
 * inserts refreshes the index, so every read sees every entry, and so does releasing the lock (see
 * {@link #refreshIfWritten()}), so the next runner's reads see them too. Updates and removals go by id, updates guarded by
 * {@code if_seq_no}/{@code if_primary_term}: nothing here needs painless or {@code _update_by_query}.
 */
final class LedgerIndex {

    /** The most one search may return (index.max_result_window): a 10,000-entry ledger in one request. */
    private static final int PAGE = 10_000;

    private final Cluster cluster;
    private final OwnIndices own;
    private final String index;
    /** True after an insert that no refresh has made searchable yet. */
    private boolean unrefreshed;

    LedgerIndex(Cluster cluster, OwnIndices own, String index) {
        this.cluster = cluster;
        this.own = own;
        this.index = index;
    }

    boolean exists() {
        return own.exists(index);
    }

    void create() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("installed_rank", OwnIndices.integer());
        p.put("version", OwnIndices.keyword());
        p.put("description", OwnIndices.text());
        p.put("type", OwnIndices.keyword());
        p.put("script", OwnIndices.keyword());
        p.put("checksum", OwnIndices.keyword());
        p.put("installed_by", OwnIndices.keyword());
        p.put("installed_on", OwnIndices.date());
        p.put("execution_time", OwnIndices.longNumber());
        p.put("success", OwnIndices.bool());
        own.ensure(index, p);
    }

    /**
     * Every entry by rank, paged with search_after so long histories read whole. Each page is parsed as it
     * streams in, straight into entries, skipping everything but each hit's document and sort values. (No
     * {@code filter_path}: cutting the answer down costs the node more time than reading it whole costs here.)
     */
    List<LedgerEntry> read() {
        if (!exists()) {
            return List.of();
        }
        refreshIfWritten();
        List<LedgerEntry> entries = new ArrayList<>();
        JsonNode after = null;
        while (true) {
            Request search = new Request("POST", "/" + index + "/_search");
            search.setJsonEntity(searchBody(after));
            Page page = cluster.readOwn("reading the ledger " + index, index, search, p -> readPage(p, entries));
            if (page.hits() < PAGE) {
                return entries;
            }
            after = page.lastSort();
        }
    }

    /** Sorted by rank ascending; after the sort values of the previous page's last hit. */
    private static String searchBody(JsonNode after) {
        return Json.object(g -> {
            g.writeNumberField("size", PAGE);
            g.writeBooleanField("track_total_hits", false);
            g.writeArrayFieldStart("sort");
            g.writeStartObject();
            g.writeObjectFieldStart("installed_rank");
            g.writeStringField("order", "asc");
            g.writeEndObject();
            g.writeEndObject();
            g.writeEndArray();
            if (after != null) {
                g.writeFieldName("search_after");
                g.writeTree(after);
            }
        });
    }

    /** One page's hits, how many, and the sort values of the last one. */
    private record Page(int hits, JsonNode lastSort) {
    }

    /** {@code {…, "hits": {…, "hits": [{…, "_source": {…}, "sort": […]}, …]}}}; adds each hit's entry to {@code into}. */
    private static Page readPage(JsonParser p, List<LedgerEntry> into) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException("the search answer is not a JSON object");
        }
        int hits = 0;
        JsonNode lastSort = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            if (p.nextToken() != JsonToken.START_OBJECT || !field.equals("hits")) {
                p.skipChildren();
                continue;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String inner = p.currentName();
                if (p.nextToken() != JsonToken.START_ARRAY || !inner.equals("hits")) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    LedgerDocument doc = null;
                    JsonNode sort = null;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String hitField = p.currentName();
                        p.nextToken();
                        if (hitField.equals("_source")) {
                            doc = LedgerDocument.read(p);
                        } else if (hitField.equals("sort")) {
                            sort = Json.MAPPER.readTree(p);
                        } else {
                            p.skipChildren();
                        }
                    }
                    if (doc == null) {
                        throw new IOException("a hit of the search has no _source");
                    }
                    into.add(doc.toEntry());
                    lastSort = sort;
                    hits++;
                }
            }
        }
        if (hits > 0 && lastSort == null) {
            throw new IOException("the hits of the search carry no sort values");
        }
        return new Page(hits, lastSort);
    }

    /** Makes the entries inserted since the last refresh searchable; nothing when there are none. */
    void refreshIfWritten() {
        if (unrefreshed) {
            cluster.expect("refreshing the ledger " + index, new Request("POST", "/" + index + "/_refresh"));
            unrefreshed = false;
        }
    }

    /** Records an entry; a document with this rank already there is an error (409), never overwritten. */
    void insert(LedgerEntry entry) {
        unrefreshed = true;
        Request create = new Request("PUT", "/" + index + "/_create/" + entry.rank());
        create.setJsonEntity(LedgerDocument.of(entry).toJson());
        cluster.expect("recording " + describe(entry) + " in the ledger " + index, create);
    }

    void delete(int rank) {
        Request delete = new Request("DELETE", "/" + index + "/_doc/" + rank);
        delete.addParameter("refresh", "true");
        String doing = "removing ledger entry " + rank;
        RawResponse response = cluster.call(doing, delete);
        if (!response.ok() && response.status() != 404) {
            throw cluster.failed(doing, response);
        }
    }

    /** Rewrites checksum and description of an entry, guarded against a concurrent change of the same document. */
    void update(LedgerEntry entry) {
        String id = String.valueOf(entry.rank());
        String reading = "reading ledger entry " + id;
        RawResponse current = cluster.call(reading, new Request("GET", "/" + index + "/_doc/" + id));
        JsonNode json = current.json();
        if (!current.ok() && !isMissingDocument(current, json)) {
            throw cluster.failed(reading, current);
        }
        if (!json.path("found").asBoolean(false)) {
            throw new StoreErrorException("ledger entry " + id + " of " + index + " is gone; run the command again", null);
        }
        LedgerDocument doc;
        try (JsonParser p = json.path("_source").traverse(Json.MAPPER)) {
            p.nextToken();
            doc = LedgerDocument.read(p);
        } catch (IOException e) {
            throw cluster.lost(reading, e);
        }
        LedgerDocument changed = new LedgerDocument(doc.installedRank(), doc.version(), entry.description(), doc.type(),
                doc.script(), entry.checksum(), doc.installedBy(), doc.installedOn(), doc.executionTime(), doc.success());
        Request write = new Request("PUT", "/" + index + "/_doc/" + id);
        write.addParameter("if_seq_no", String.valueOf(json.path("_seq_no").asLong()));
        write.addParameter("if_primary_term", String.valueOf(json.path("_primary_term").asLong()));
        write.addParameter("refresh", "true");
        write.setJsonEntity(changed.toJson());
        cluster.expect("updating ledger entry " + id, write);
    }

    /** A GET's 404 for a document that is not there ({@code "found": false}), not for a missing index. */
    static boolean isMissingDocument(RawResponse response, JsonNode json) {
        return response.status() == 404 && json.path("found").isBoolean();
    }

    private static String describe(LedgerEntry e) {
        return e.version() == null ? "'" + e.description() + "'" : "version " + e.version();
    }
}
