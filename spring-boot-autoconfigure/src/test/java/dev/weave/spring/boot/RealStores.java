package dev.weave.spring.boot;

import dev.weave.local.PostgresServer;
import dev.weave.local.SharedPostgres;
import dev.weave.local.elasticsearch.ElasticsearchServer;
import dev.weave.local.elasticsearch.SharedElasticsearch;
import dev.weave.local.neo4j.Neo4jServer;
import dev.weave.local.neo4j.SharedNeo4j;

import java.util.concurrent.CompletableFuture;

/** The three real servers of this test JVM, started side by side on first use (Neo4j and Elasticsearch take ~20 s). */
final class RealStores {

    private static RealStores started;

    final PostgresServer postgres;
    final Neo4jServer neo4j;
    final ElasticsearchServer elasticsearch;

    private RealStores(PostgresServer postgres, Neo4jServer neo4j, ElasticsearchServer elasticsearch) {
        this.postgres = postgres;
        this.neo4j = neo4j;
        this.elasticsearch = elasticsearch;
    }

    static synchronized RealStores get() {
        if (started == null) {
            CompletableFuture<Neo4jServer> neo4j = CompletableFuture.supplyAsync(SharedNeo4j::get);
            CompletableFuture<ElasticsearchServer> es = CompletableFuture.supplyAsync(SharedElasticsearch::get);
            PostgresServer pg = SharedPostgres.get();
            started = new RealStores(pg, neo4j.join(), es.join());
        }
        return started;
    }

    static PostgresServer postgres() {
        return SharedPostgres.get();
    }
}
