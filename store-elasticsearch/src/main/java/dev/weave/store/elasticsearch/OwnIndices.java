package dev.weave.store.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.mapping.DynamicMapping;
import co.elastic.clients.elasticsearch._types.mapping.Property;

import java.io.IOException;
import java.util.Map;

/**
 * Creating, checking and dropping Weave's own small indices (ledger, lock, resources): one shard, a
 * replica only where the cluster has a second node, hidden from wildcard patterns such as {@code *} so
 * that a search or delete over {@code *} or {@code logs*} never meets them.
 */
final class OwnIndices {

    private final Cluster cluster;

    OwnIndices(Cluster cluster) {
        this.cluster = cluster;
    }

    boolean exists(String index) {
        try {
            return cluster.client().indices().exists(e -> e.index(index)).value();
        } catch (IOException | ElasticsearchException e) {
            throw cluster.lost("checking for index " + index, e);
        }
    }

    /** Creates the index unless it exists; two runners creating it at once both succeed. */
    void ensure(String index, Map<String, Property> properties) {
        if (exists(index)) {
            return;
        }
        ElasticsearchClient client = cluster.client();
        try {
            client.indices().create(c -> c.index(index)
                    .settings(s -> s.numberOfShards("1").autoExpandReplicas("0-1").hidden(true))
                    .mappings(m -> m.dynamic(DynamicMapping.False).properties(properties)));
        } catch (IOException | ElasticsearchException e) {
            if (!"resource_already_exists_exception".equals(ClientErrors.type(e))) {
                throw cluster.lost("creating index " + index, e);
            }
        }
    }

    /** Drops the index; true when it existed. */
    boolean drop(String index) {
        if (!exists(index)) {
            return false;
        }
        try {
            cluster.client().indices().delete(d -> d.index(index));
            return true;
        } catch (IOException | ElasticsearchException e) {
            if (ClientErrors.status(e) == 404) {
                return false;
            }
            throw cluster.lost("deleting index " + index, e);
        }
    }

    static Property keyword() {
        return Property.of(p -> p.keyword(k -> k));
    }

    static Property text() {
        return Property.of(p -> p.text(t -> t));
    }

    static Property date() {
        return Property.of(p -> p.date(d -> d));
    }

    static Property longNumber() {
        return Property.of(p -> p.long_(l -> l));
    }

    static Property integer() {
        return Property.of(p -> p.integer(i -> i));
    }

    static Property bool() {
        return Property.of(p -> p.boolean_(b -> b));
    }
}
