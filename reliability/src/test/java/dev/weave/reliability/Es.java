package dev.weave.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** Reads an Elasticsearch node straight over HTTP, to check what Weave did without asking Weave. */
final class Es {

    static final ObjectMapper JSON = new ObjectMapper();

    record Response(int status, String body) {
        JsonNode json() {
            try {
                return body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }
    }

    /** The lock document of a target, as {@code LeaseLock} writes it. */
    record Lock(String owner, Instant acquiredAt, Instant renewedAt, long expiresAt) {
    }

    final String url;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Es(String url, String authorization) {
        this.url = url;
        this.authorization = authorization;
    }

    static Es of(String url) {
        return new Es(url, null);
    }

    static Es withBasic(String url, String user, String password) {
        return new Es(url, "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    Response send(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", path.contains("_bulk") ? "application/x-ndjson" : "application/json");
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A request for a migration file that waits, on the node, until the test lets it pass with {@link #openGate}: the
     * health of an index that does not exist yet is awaited until it is created. So a test holds a runner in its
     * migration for exactly as long as it needs, whatever the machine's load, instead of guessing a duration.
     */
    static String passGate(String gateIndex) {
        return "GET /_cluster/health/" + gateIndex + "?wait_for_status=yellow&timeout=300s\n";
    }

    /** Lets every runner waiting at {@link #passGate} go on. */
    void openGate(String gateIndex) {
        Response created = send("PUT", "/" + gateIndex, "{\"settings\": {\"number_of_replicas\": 0}}");
        if (created.status() != 200) {
            throw new IllegalStateException("opening the gate " + gateIndex + ": " + created.status() + " " + created.body());
        }
    }

    boolean exists(String index) {
        return send("HEAD", "/" + index, null).status() == 200;
    }

    boolean docExists(String index, String id) {
        return send("GET", "/" + index + "/_doc/" + id, null).status() == 200;
    }

    /** Documents in an index (refreshed first); 0 when it does not exist. */
    long count(String index) {
        if (!exists(index)) {
            return 0;
        }
        send("POST", "/" + index + "/_refresh", null);
        return send("GET", "/" + index + "/_count", null).json().path("count").asLong();
    }

    /** Documents of an index with {@code field} = {@code value}. */
    long count(String index, String field, String value) {
        if (!exists(index)) {
            return 0;
        }
        send("POST", "/" + index + "/_refresh", null);
        return send("POST", "/" + index + "/_count", "{\"query\":{\"term\":{\"" + field + "\":\"" + value + "\"}}}")
                .json().path("count").asLong();
    }

    /** The values of {@code field} over every document of an index (refreshed first), e.g. to count effects. */
    List<String> values(String index, String field) {
        List<String> values = new ArrayList<>();
        if (!exists(index)) {
            return values;
        }
        send("POST", "/" + index + "/_refresh", null);
        for (JsonNode hit : send("POST", "/" + index + "/_search", "{\"size\":1000}").json().path("hits").path("hits")) {
            values.add(hit.path("_source").path(field).asText());
        }
        return values;
    }

    void delete(String index) {
        send("DELETE", "/" + index + "?ignore_unavailable=true", null);
    }

    /** A target's ledger index, read by rank; empty when it does not exist. */
    List<LedgerRow> ledger(String prefix) {
        String index = prefix + "weave_schema_history";
        if (!exists(index)) {
            return List.of();
        }
        send("POST", "/" + index + "/_refresh", null);
        JsonNode hits = send("POST", "/" + index + "/_search",
                "{\"size\":1000,\"sort\":[{\"installed_rank\":\"asc\"}]}").json().path("hits").path("hits");
        List<LedgerRow> rows = new ArrayList<>();
        for (JsonNode hit : hits) {
            JsonNode s = hit.path("_source");
            rows.add(new LedgerRow(s.path("installed_rank").asInt(), s.path("version").isNull() || s.path("version").isMissingNode()
                    ? null : s.path("version").asText(), s.path("type").asText(), s.path("script").asText(),
                    s.path("success").asBoolean()));
        }
        return rows;
    }

    /** The lock document, read in real time (a GET by id, not a search). */
    Optional<Lock> lock(String prefix) {
        Response r = send("GET", "/" + prefix + "weave_schema_history_lock/_doc/lock", null);
        if (r.status() == 404) {
            return Optional.empty();
        }
        JsonNode json = r.json();
        if (!json.path("found").asBoolean()) {
            return Optional.empty();
        }
        JsonNode s = json.path("_source");
        return Optional.of(new Lock(s.path("owner").asText(), Instant.parse(s.path("acquired_at").asText()),
                Instant.parse(s.path("renewed_at").asText()), s.path("expires_at").asLong()));
    }
}
