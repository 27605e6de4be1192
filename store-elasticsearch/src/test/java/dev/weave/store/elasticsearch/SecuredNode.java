package dev.weave.store.elasticsearch;

import dev.weave.local.elasticsearch.LocalElasticsearch;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A second local node, with security on, started on first use and stopped when the test JVM exits: the
 * shared node has no credentials to get wrong.
 */
final class SecuredNode {

    static final String USER = "weave_ci";
    static final String PASSWORD = "Corr3ct-h0rse-8d2f";
    private static LocalElasticsearch node;

    private SecuredNode() {
    }

    static synchronized LocalElasticsearch get() {
        if (node == null) {
            try {
                node = LocalElasticsearch.startTemporaryWithSecurity(USER, PASSWORD);
            } catch (IOException e) {
                throw new UncheckedIOException("could not start a local Elasticsearch with security on", e);
            }
            LocalElasticsearch started = node;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "weave-secured-elasticsearch-stop"));
        }
        return node;
    }
}
