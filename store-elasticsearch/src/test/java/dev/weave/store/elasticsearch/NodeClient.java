package dev.weave.store.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weave.local.elasticsearch.ElasticsearchServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * What a user would ask the cluster to check Weave's work (curl, in effect): the JDK's HTTP client (HTTPS and
 * the superuser's password for the secured node), independent of the adapter's own client.
 */
final class NodeClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    private final String url;
    private final String authorization;

    NodeClient(ElasticsearchServer server) {
        this(server.url(), HttpClient.newHttpClient(), null);
    }

    /** For the secured node: its https url, a client trusting its CA, the superuser's Authorization header. */
    NodeClient(String url, HttpClient http, String authorization) {
        this.url = url;
        this.http = http;
        this.authorization = authorization;
    }

    int status(String method, String path) {
        return send(method, path, null).statusCode();
    }

    JsonNode json(String method, String path, String body) {
        HttpResponse<String> response = send(method, path, body);
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(response.statusCode() + " " + response.body(), e);
        }
    }

    HttpResponse<String> send(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path))
                .header("Content-Type", path.contains("_bulk") ? "application/x-ndjson" : "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Index names with this prefix, hidden ones included. */
    List<String> indices(String prefix) {
        JsonNode rows = json("GET", "/_cat/indices/" + prefix + "*?format=json&h=index&expand_wildcards=all", null);
        List<String> names = new ArrayList<>();
        rows.forEach(r -> names.add(r.path("index").asText()));
        names.sort(null);
        return names;
    }

    void deleteIndicesStartingWith(String prefix) {
        for (String index : indices(prefix)) {
            send("DELETE", "/" + index, null);
        }
    }
}
