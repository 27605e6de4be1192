package dev.weave.local.elasticsearch;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** Asks a node over HTTP or HTTPS whether it is ready, with the JDK's client (no dependency needed). */
final class NodeProbe {

    private final HttpClient client;
    private final String url;
    private final String authorization;

    /**
     * {@code authorization}: the Authorization header for a node with security on, else null; {@code tls}: what
     * an https node's certificate is checked with, else null.
     */
    NodeProbe(String url, String authorization, SSLContext tls) {
        this.url = url;
        this.authorization = authorization;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        this.client = (tls == null ? builder : builder.sslContext(tls)).build();
    }

    /**
     * The body of {@code GET /_cluster/health} once the cluster is at least yellow; empty while the node
     * is not listening yet or the cluster is still forming (this zip has no {@code GET /}).
     */
    Optional<String> health() {
        return get("/_cluster/health?wait_for_status=yellow&timeout=1s");
    }

    /** The name of the node that answers, to make sure it is the one we started. */
    Optional<String> localNodeInfo() {
        return get("/_nodes/_local?filter_path=nodes.*.name");
    }

    private Optional<String> get(String path) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(5)).GET();
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
