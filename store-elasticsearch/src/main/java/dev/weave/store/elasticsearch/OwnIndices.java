package dev.weave.store.elasticsearch;

import org.elasticsearch.client.Request;

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
        String doing = "checking for index " + index;
        RawResponse response = cluster.call(doing, new Request("HEAD", "/" + index));
        if (response.ok()) {
            return true;
        }
        if (response.status() == 404) {
            return false;
        }
        throw cluster.failed(doing, response);
    }

    /**
     * Creates the index unless it exists; two runners creating it at once both succeed. {@code properties}:
     * field name → mapping type; nothing else is mapped ({@code dynamic: false}).
     */
    void ensure(String index, Map<String, String> properties) {
        if (exists(index)) {
            return;
        }
        Request create = new Request("PUT", "/" + index);
        create.setJsonEntity(Json.object(g -> {
            g.writeObjectFieldStart("settings");
            g.writeStringField("number_of_shards", "1");
            g.writeStringField("auto_expand_replicas", "0-1");
            g.writeBooleanField("hidden", true);
            g.writeEndObject();
            g.writeObjectFieldStart("mappings");
            g.writeStringField("dynamic", "false");
            g.writeObjectFieldStart("properties");
            for (Map.Entry<String, String> p : properties.entrySet()) {
                g.writeObjectFieldStart(p.getKey());
                g.writeStringField("type", p.getValue());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
        }));
        String doing = "creating index " + index;
        RawResponse response = cluster.call(doing, create);
        if (!response.ok() && !"resource_already_exists_exception".equals(response.errorType())) {
            throw cluster.failed(doing, response);
        }
    }

    /** Drops the index; true when it existed. */
    boolean drop(String index) {
        if (!exists(index)) {
            return false;
        }
        String doing = "deleting index " + index;
        RawResponse response = cluster.call(doing, new Request("DELETE", "/" + index));
        if (response.ok()) {
            return true;
        }
        if (response.status() == 404) {
            return false;
        }
        throw cluster.failed(doing, response);
    }

    static String keyword() {
        return "keyword";
    }

    static String text() {
        return "text";
    }

    static String date() {
        return "date";
    }

    static String longNumber() {
        return "long";
    }

    static String integer() {
        return "integer";
    }

    static String bool() {
        return "boolean";
    }
}
