package dev.weave.local.elasticsearch;

/**
 * A running Elasticsearch node reachable over plain HTTP without credentials, wherever it runs (its own
 * process on this machine, or a container). Tests share one and keep apart by index prefix.
 */
public interface ElasticsearchServer {

    String host();

    int port();

    /** {@code http://host:port}, without a trailing slash. */
    default String url() {
        return "http://" + host() + ":" + port();
    }
}
