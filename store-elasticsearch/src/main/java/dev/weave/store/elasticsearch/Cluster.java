package dev.weave.store.elasticsearch;

import com.fasterxml.jackson.core.JsonParser;
import dev.weave.error.StoreErrorException;
import dev.weave.error.StoreUnreachableException;
import org.apache.http.ConnectionClosedException;
import org.apache.http.HttpEntity;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The open connection to one cluster: the low-level REST client, for the migrations' own requests and for
 * Weave's bookkeeping (ledger, lock, own indices, resource tracking), whose JSON is written and read with
 * Jackson's streaming API (see {@link Json}). No typed client: loading its classes cost more than
 * 100 ms at every start, and its data binding was slow on long ledgers.
 */
final class Cluster implements AutoCloseable {

    private static final Duration RETRY_PAUSE = Duration.ofMillis(500);
    /** The least time a search of Weave's own index waits for that index's shard to start (see {@link #readOwn}). */
    private static final Duration SHARD_WAIT = Duration.ofSeconds(60);

    /**
     * The REST client logs every warning header ("request [PUT …] returned 1 warnings: …") through commons-logging,
     * which lands on the user's terminal as raw java.util.logging lines. Weave reports those warnings itself, naming
     * the file and request ({@link RequestRunner}), so the client's own logger is kept quiet. Held here so the
     * setting is not garbage-collected with the logger.
     */
    private static final java.util.logging.Logger CLIENT_LOG = quiet("org.elasticsearch.client.RestClient");

    final ElasticsearchEndpoint endpoint;
    private final RestClient rest;

    private Cluster(ElasticsearchEndpoint endpoint, RestClient rest) {
        this.endpoint = endpoint;
        this.rest = rest;
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
        long start = System.nanoTime();
        long deadline = start + endpoint.connectWait.toNanos();
        int attempt = 0;
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
                            + health.summary() + "); " + (endpoint.usesApiKey()
                            ? "check apiKey (ELASTICSEARCH_API_KEY): the encoded form of a key that exists on this"
                            + " cluster and is neither expired nor invalidated"
                            : "check user and password or apiKey (ELASTICSEARCH_USER / ELASTICSEARCH_PASSWORD /"
                            + " ELASTICSEARCH_API_KEY, weave.yaml or flags)")));
                }
                problem = health.summary();
                if (health.status() != 503 && health.status() != 502 && health.status() != 504 && health.status() != 429) {
                    throw unreachable(problem + " on GET /_cluster/health; is this Elasticsearch?");
                }
            } catch (IOException e) {
                if (TlsFailure.isTls(e)) { // the client may wrap the handshake's SSLException
                    throw new StoreUnreachableException(redact("cannot connect securely to Elasticsearch at "
                            + endpoint.address() + " (target " + endpoint.target + "): "
                            + TlsFailure.describe(e, endpoint.host, endpoint.caFile())));
                }
                problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                if (e instanceof ConnectionClosedException && endpoint.scheme.equals("http")) {
                    // a node that is down or starting refuses the connection; one that takes HTTPS only closes it
                    problem += " (the node closed the plain HTTP connection, as one that takes HTTPS only does;"
                            + " set scheme: https (ELASTICSEARCH_SCHEME) and, for a private CA, caCertificate)";
                }
            }
            if (System.nanoTime() >= deadline) {
                throw unreachable(problem + (problem.contains("takes HTTPS only") ? ""
                        : endpoint.connectWait.isZero() ? "; is it running? (--wait 60s waits for a cluster that is still starting)"
                        : " (waited " + endpoint.connectWait.toSeconds() + " s)"));
            }
            endpoint.waitListener.stillWaiting(endpoint.address(), ++attempt, java.time.Duration.ofNanos(System.nanoTime() - start),
                    endpoint.connectWait, redact(problem));
            pause();
        }
    }

    private StoreUnreachableException unreachable(String why) {
        return new StoreUnreachableException(redact("cannot reach Elasticsearch at " + endpoint.address() + ": " + why));
    }

    /** Sends a request and returns the response whatever its status; I/O problems are thrown. */
    RawResponse send(Request request) throws IOException {
        return raw(perform(request));
    }

    /** As {@link #send}, for Weave's own bookkeeping: a lost connection is a store error, not a script failure. */
    RawResponse call(String doing, Request request) {
        try {
            return send(request);
        } catch (IOException e) {
            throw lost(doing, e);
        }
    }

    /** As {@link #call}, and an answer other than 2xx is a store error too. */
    RawResponse expect(String doing, Request request) {
        RawResponse response = call(doing, request);
        if (!response.ok()) {
            throw failed(doing, response);
        }
        return response;
    }

    /**
     * For long answers (the ledger's pages): a 2xx body is handed to {@code reader} as a stream, never held
     * as a string; any other answer, an I/O problem or a body that is not JSON is a store error.
     */
    <T> T read(String doing, Request request, BodyParser<T> reader) {
        try {
            return parse(doing, perform(request), reader);
        } catch (IOException e) {
            throw lost(doing, e);
        }
    }

    /**
     * As {@link #read}, for a search of one of Weave's own indices. An index another runner created a moment ago
     * exists before its shard has started, and a search of it then fails with 503 ("all shards failed"); a loaded
     * machine makes that gap seconds long. So a 503 waits for the index's primary shard to be active and
     * searches once more; a shard that does not start within the bound is a store error saying so. (Not
     * {@code wait_for_status=yellow}: a new index whose primary is still unassigned already counts as yellow,
     * so that wait answers at once with {@code active_primary_shards: 0}. Weave's own indices have one shard,
     * so one active shard is the primary.)
     */
    <T> T readOwn(String doing, String index, Request request, BodyParser<T> reader) {
        RawResponse first;
        try {
            Response response = perform(request);
            int status = response.getStatusLine().getStatusCode();
            if (status != 503) {
                return parse(doing, response, reader);
            }
            first = raw(response);
        } catch (IOException e) {
            throw lost(doing, e);
        }
        awaitPrimary(index, doing, first);
        return read(doing, request, reader);
    }

    /** Waits until {@code index}'s primary shard is active: at least a minute, or the target's connect wait if longer. */
    private void awaitPrimary(String index, String doing, RawResponse refused) {
        long seconds = Math.max(SHARD_WAIT.toSeconds(), endpoint.connectWait.toSeconds());
        RawResponse health = call(doing, new Request("GET", "/_cluster/health/" + index
                + "?wait_for_active_shards=1&timeout=" + seconds + "s"));
        if (health.ok() && !health.json().path("timed_out").asBoolean(false)
                && health.json().path("active_primary_shards").asInt(0) >= 1) {
            return;
        }
        throw new StoreErrorException(redact("Elasticsearch at " + endpoint.address() + " failed while " + doing
                + ": the primary shard of " + index + " did not start within " + seconds + " s (" + refused.summary()
                + "); GET /_cluster/allocation/explain says why, e.g. a full disk or an allocation filter"), null);
    }

    private <T> T parse(String doing, Response response, BodyParser<T> reader) throws IOException {
        int status = response.getStatusLine().getStatusCode();
        if (status < 200 || status >= 300) {
            throw failed(doing, raw(response));
        }
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            throw new IOException("HTTP " + status + " without a body");
        }
        try (InputStream in = entity.getContent(); JsonParser parser = Json.FACTORY.createParser(in)) {
            return reader.parse(parser);
        }
    }

    interface BodyParser<T> {
        T parse(JsonParser parser) throws IOException;
    }

    private Response perform(Request request) throws IOException {
        try {
            return rest.performRequest(request);
        } catch (ResponseException e) {
            return e.getResponse();
        }
    }

    private static RawResponse raw(Response response) throws IOException {
        HttpEntity entity = response.getEntity();
        String body = entity == null ? "" : EntityUtils.toString(entity, StandardCharsets.UTF_8);
        return new RawResponse(response.getStatusLine().getStatusCode(), response.getStatusLine().getReasonPhrase(), body,
                response.getWarnings());
    }

    StoreErrorException lost(String doing, Exception e) {
        return new StoreErrorException(redact("Elasticsearch at " + endpoint.address() + " failed while " + doing + ": "
                + ClientErrors.describe(e)), e);
    }

    /** Elasticsearch answered {@code response} (not 2xx) to a bookkeeping request: a store error naming its reason. */
    StoreErrorException failed(String doing, RawResponse response) {
        return lost(doing, new ErrorResponse(response));
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

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.OFF);
        return logger;
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
        if (endpoint.borrowed()) {
            return; // the application's client: it closes it
        }
        try {
            rest.close();
        } catch (IOException ignored) {
            // the connections are gone either way
        }
    }
}
