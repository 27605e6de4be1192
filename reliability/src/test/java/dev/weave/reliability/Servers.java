package dev.weave.reliability;

import dev.weave.local.PostgresServer;
import dev.weave.local.SharedPostgres;
import dev.weave.local.elasticsearch.ElasticsearchServer;
import dev.weave.local.elasticsearch.LocalElasticsearch;
import dev.weave.local.elasticsearch.SharedElasticsearch;
import dev.weave.local.neo4j.SharedNeo4j;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The shared real servers of this test JVM (local processes, or containers where a Docker engine
 * answers), started together on first use. Tests keep apart by database name, index prefix, and for
 * Community Neo4j's single database by running one at a time and resetting the graph.
 */
final class Servers {

    private static final CompletableFuture<PostgresServer> POSTGRES = CompletableFuture.supplyAsync(SharedPostgres::get);
    private static final CompletableFuture<ElasticsearchServer> ELASTICSEARCH =
            CompletableFuture.supplyAsync(SharedElasticsearch::get);
    private static final CompletableFuture<Graph> NEO4J = CompletableFuture.supplyAsync(() -> new Graph(SharedNeo4j.get()));
    /** User and password of {@link #securedElasticsearch()}. */
    static final String SECURED_USER = "weave_secrets";
    static final String SECURED_PASSWORD = "Es-S3cret-pw-7731";
    /** Started early too: it is ~10 s of start-up that the secrets test would otherwise wait for. */
    private static final CompletableFuture<LocalElasticsearch> SECURED = CompletableFuture.supplyAsync(() -> {
        try {
            LocalElasticsearch node = LocalElasticsearch.startTemporaryWithSecurity(SECURED_USER, SECURED_PASSWORD);
            Runtime.getRuntime().addShutdownHook(new Thread(node::close, "weave-reliability-secured-elasticsearch-stop"));
            return node;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("could not start an Elasticsearch node with security on", e);
        }
    });

    private Servers() {
    }

    static PostgresServer postgres() {
        return join(POSTGRES);
    }

    static ElasticsearchServer elasticsearch() {
        return join(ELASTICSEARCH);
    }

    /** The shared Neo4j server (Community: one database, so tests using it reset it and run one at a time). */
    static Graph neo4j() {
        return join(NEO4J);
    }

    /** A second Elasticsearch node, with security on: a user in its file realm, {@link #SECURED_USER}. */
    static LocalElasticsearch securedElasticsearch() {
        return join(SECURED);
    }

    static Pg pg() {
        return Pg.of(postgres());
    }

    static Es es() {
        return Es.of(elasticsearch().url());
    }

    /** The environment a weave process needs to reach every shared server, as a user would set it. */
    static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        PostgresServer pg = postgres();
        env.put("POSTGRES_HOST", pg.host());
        env.put("POSTGRES_PORT", String.valueOf(pg.port()));
        env.put("POSTGRES_USER", pg.user());
        env.put("POSTGRES_PASSWORD", pg.password());
        ElasticsearchServer es = elasticsearch();
        env.put("ELASTICSEARCH_HOST", es.host());
        env.put("ELASTICSEARCH_PORT", String.valueOf(es.port()));
        env.putAll(neo4j().env());
        return env;
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }
}
