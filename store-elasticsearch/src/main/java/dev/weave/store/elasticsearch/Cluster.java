package dev.weave.store.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weave.api.StoreErrorException;
import dev.weave.api.StoreUnreachableException;
import org.apache.http.HttpEntity;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The open connection to one cluster: the low-level REST client for raw requests (the migrations' own,
 * existence checks) and the typed Java client on top of it for the ledger and the lock.
 */
final class Cluster implements AutoCloseable {

    private static final Duration RETRY_PAUSE = Duration.ofMillis(500);

    final ElasticsearchEndpoint endpoint;
    private final RestClient rest;
    private final ElasticsearchClient client;

    private Cluster(ElasticsearchEndpoint endpoint, RestClient rest) {
        this.endpoint = endpoint;
        this.rest = rest;
        ObjectMapper mapper = new ObjectMapper()
                .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        this.client = new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper(mapper)));
    }

    /**
     * Connects and waits up to the target's connect wait for {@code _cluster/health} to answer (a cluster
     * that is still starting answers 503 or not at all). Refused credentials fail at once.
     */
    static Cluster open(ElasticsearchEndpoint endpoint) {
        Cluster cluster = new Cluster(endpoint, endpoint.restClient());
        try {
            cluster.awaitHealth();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void awaitHealth() {
        long deadline = System.nanoTime() + endpoint.connectWait.toNanos();
        while (true) {
            String problem;
            try {
                RawResponse health = send(new Request("GET", "/_cluster/health"));
                if (health.ok() || health.status() == 403) {
                    return; // 403: we are known but may not monitor the cluster; the ledger calls will tell
                }
                if (health.status() == 401) {
                    throw new StoreUnreachableException(redact("Elasticsearch at " + endpoint.address()
                            + " refused the credentials" + (endpoint.hasCredentials() ? "" : " (none were given)") + " ("
                            + health.summary() + "); check user and password or apiKey (ELASTICSEARCH_USER /"
                            + " ELASTICSEARCH_PASSWORD / ELASTICSEARCH_API_KEY, weave.yaml or flags)"));
                }
                problem = health.summary();
                if (health.status() != 503 && health.status() != 502 && health.status() != 504 && health.status() != 429) {
                    throw unreachable(problem + " on GET /_cluster/health; is this Elasticsearch?");
                }
            } catch (SSLException e) {
                throw unreachable("TLS failed: " + e.getMessage() + "; for a private CA set caCertificate to its PEM file");
            } catch (IOException e) {
                problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
            if (System.nanoTime() >= deadline) {
                throw unreachable(problem + (endpoint.connectWait.isZero()
                        ? "; is it running? (--wait 60s waits for a cluster that is still starting)"
                        : " (waited " + endpoint.connectWait.toSeconds() + " s)"));
            }
            pause();
        }
    }

    private StoreUnreachableException unreachable(String why) {
        return new StoreUnreachableException(redact("cannot reach Elasticsearch at " + endpoint.address() + ": " + why));
    }

    /** Sends a request and returns the response whatever its status; I/O problems are thrown. */
    RawResponse send(Request request) throws IOException {
        Response response;
        try {
            response = rest.performRequest(request);
        } catch (ResponseException e) {
            response = e.getResponse();
        }
        HttpEntity entity = response.getEntity();
        String body = entity == null ? "" : EntityUtils.toString(entity, StandardCharsets.UTF_8);
        return new RawResponse(response.getStatusLine().getStatusCode(), response.getStatusLine().getReasonPhrase(), body);
    }

    /** As {@link #send}, for Weave's own bookkeeping: a lost connection is a store error, not a script failure. */
    RawResponse call(String doing, Request request) {
        try {
            return send(request);
        } catch (IOException e) {
            throw lost(doing, e);
        }
    }

    ElasticsearchClient client() {
        return client;
    }

    /** Runs a typed-client call for Weave's bookkeeping; any failure is a store error naming what was being done. */
    <T> T typed(String doing, TypedCall<T> call) {
        try {
            return call.run(client);
        } catch (IOException | RuntimeException e) {
            throw lost(doing, e);
        }
    }

    StoreErrorException lost(String doing, Exception e) {
        return new StoreErrorException(redact("Elasticsearch at " + endpoint.address() + " failed while " + doing + ": "
                + ClientErrors.describe(e)), e);
    }

    interface TypedCall<T> {
        T run(ElasticsearchClient client) throws IOException;
    }

    /** A second line of defence: a store's text could echo a header or an address with credentials. */
    String redact(String text) {
        String out = text;
        for (String secret : endpoint.secrets()) {
            if (secret.length() >= 3) {
                out = out.replace(secret, "****");
            }
        }
        return out;
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnreachableException("interrupted while waiting for Elasticsearch");
        }
    }

    @Override
    public void close() {
        try {
            rest.close();
        } catch (IOException ignored) {
            // the connections are gone either way
        }
    }
}
