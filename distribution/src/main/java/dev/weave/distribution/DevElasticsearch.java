package dev.weave.distribution;

import dev.weave.local.elasticsearch.LocalElasticsearch;

import java.util.LinkedHashMap;
import java.util.Map;

/** A local Elasticsearch 8 node for {@code weave dev} (security off: no credentials). */
final class DevElasticsearch implements DevStore {

    private final LocalElasticsearch node;

    DevElasticsearch(LocalElasticsearch node) {
        this.node = node;
    }

    @Override
    public String describe() {
        return "Elasticsearch 8.19 at " + node.url();
    }

    @Override
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ELASTICSEARCH_HOST", node.host());
        env.put("ELASTICSEARCH_PORT", String.valueOf(node.port()));
        env.put("ELASTICSEARCH_SCHEME", "http");
        return env;
    }

    @Override
    public void close() {
        node.close();
    }
}
