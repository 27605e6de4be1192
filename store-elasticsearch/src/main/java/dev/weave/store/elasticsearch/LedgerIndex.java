package dev.weave.store.elasticsearch;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.mapping.Property;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.weave.api.StoreErrorException;
import dev.weave.model.LedgerEntry;

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

    private static final int PAGE = 1_000;

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
        Map<String, Property> p = new LinkedHashMap<>();
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

    /** Every entry by rank, paged with search_after so long histories read whole. */
    List<LedgerEntry> read() {
        if (!exists()) {
            return List.of();
        }
        refreshIfWritten();
        List<LedgerEntry> entries = new ArrayList<>();
        List<FieldValue> after = null;
        while (true) {
            List<FieldValue> from = after;
            SearchResponse<LedgerDocument> page = cluster.typed("reading the ledger " + index, c -> c.search(s -> {
                s.index(index).size(PAGE).sort(o -> o.field(f -> f.field("installed_rank").order(SortOrder.Asc)));
                if (from != null) {
                    s.searchAfter(from);
                }
                return s;
            }, LedgerDocument.class));
            List<Hit<LedgerDocument>> hits = page.hits().hits();
            for (Hit<LedgerDocument> hit : hits) {
                entries.add(hit.source().toEntry());
            }
            if (hits.size() < PAGE) {
                return entries;
            }
            after = hits.get(hits.size() - 1).sort();
        }
    }

    /** Makes the entries inserted since the last refresh searchable; nothing when there are none. */
    void refreshIfWritten() {
        if (unrefreshed) {
            cluster.typed("refreshing the ledger " + index, c -> c.indices().refresh(r -> r.index(index)));
            unrefreshed = false;
        }
    }

    /** Records an entry; a document with this rank already there is an error, never overwritten. */
    void insert(LedgerEntry entry) {
        unrefreshed = true;
        cluster.typed("recording " + describe(entry) + " in the ledger " + index, c -> c.create(r -> r.index(index)
                .id(String.valueOf(entry.rank())).document(LedgerDocument.of(entry))));
    }

    void delete(int rank) {
        try {
            cluster.client().delete(d -> d.index(index).id(String.valueOf(rank)).refresh(Refresh.True));
        } catch (java.io.IOException | ElasticsearchException e) {
            if (ClientErrors.status(e) != 404) {
                throw cluster.lost("removing ledger entry " + rank, e);
            }
        }
    }

    /** Rewrites checksum and description of an entry, guarded against a concurrent change of the same document. */
    void update(LedgerEntry entry) {
        String id = String.valueOf(entry.rank());
        GetResponse<LedgerDocument> current = cluster.typed("reading ledger entry " + id,
                c -> c.get(g -> g.index(index).id(id), LedgerDocument.class));
        if (!current.found()) {
            throw new StoreErrorException("ledger entry " + id + " of " + index + " is gone; run the command again", null);
        }
        LedgerDocument doc = current.source();
        LedgerDocument changed = new LedgerDocument(doc.installedRank(), doc.version(), entry.description(), doc.type(),
                doc.script(), entry.checksum(), doc.installedBy(), doc.installedOn(), doc.executionTime(), doc.success());
        cluster.typed("updating ledger entry " + id, c -> c.index(i -> i.index(index).id(id).document(changed)
                .ifSeqNo(current.seqNo()).ifPrimaryTerm(current.primaryTerm()).refresh(Refresh.True)));
    }

    private static String describe(LedgerEntry e) {
        return e.version() == null ? "'" + e.description() + "'" : "version " + e.version();
    }
}
