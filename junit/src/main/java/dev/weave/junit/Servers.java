package dev.weave.junit;

import dev.weave.local.PostgresServer;
import dev.weave.local.SharedPostgres;
import dev.weave.local.elasticsearch.ElasticsearchServer;
import dev.weave.local.elasticsearch.SharedElasticsearch;
import dev.weave.local.neo4j.Neo4jServer;
import dev.weave.local.neo4j.SharedNeo4j;

import java.net.URI;
import java.util.Optional;

/**
 * The servers a test JVM uses: ones the user names ({@code WEAVE_JUNIT_*}, system property or environment), else
 * the project's shared local servers, started on first use and stopped when the JVM exits.
 */
final class Servers {

    private Servers() {
    }

    static PostgresServer postgres() {
        return given("WEAVE_JUNIT_POSTGRES_URL").<PostgresServer>map(url -> {
            URI uri = URI.create(url.replaceFirst("^jdbc:", ""));
            String user = given("WEAVE_JUNIT_POSTGRES_USER").orElse("postgres");
            String password = given("WEAVE_JUNIT_POSTGRES_PASSWORD").orElse(null);
            return new GivenPostgres(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), user, password);
        }).orElseGet(SharedPostgres::get);
    }

    static Neo4jServer neo4j() {
        return given("WEAVE_JUNIT_NEO4J_URI").<Neo4jServer>map(uri -> new GivenNeo4j(uri,
                given("WEAVE_JUNIT_NEO4J_USER").orElse(Neo4jServer.USER),
                given("WEAVE_JUNIT_NEO4J_PASSWORD").orElse(""))).orElseGet(SharedNeo4j::get);
    }

    static ElasticsearchServer elasticsearch() {
        return given("WEAVE_JUNIT_ELASTICSEARCH_URL").<ElasticsearchServer>map(url -> {
            URI uri = URI.create(url);
            return new GivenElasticsearch(uri.getHost(), uri.getPort() < 0 ? 9200 : uri.getPort());
        }).orElseGet(SharedElasticsearch::get);
    }

    private static Optional<String> given(String name) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private record GivenPostgres(String host, int port, String user, String password) implements PostgresServer {
        @Override
        public String jdbcUrl(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }
    }

    private record GivenNeo4j(String boltUri, String user, String password) implements Neo4jServer {
    }

    private record GivenElasticsearch(String host, int port) implements ElasticsearchServer {
    }
}
