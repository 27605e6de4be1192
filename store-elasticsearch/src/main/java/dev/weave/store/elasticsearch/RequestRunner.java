package dev.weave.store.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RequestOptions;
import dev.weave.spi.Script;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * Sends a migration's requests one by one. Success is a 2xx answer (and, for {@code _bulk}, no failed
 * item: Elasticsearch answers 200 even when items fail). Resources the request created are tracked for
 * {@code clean --all}.
 */
final class RequestRunner {

    private final Cluster cluster;
    private final ResourceTracker tracker;

    RequestRunner(Cluster cluster, ResourceTracker tracker) {
        this.cluster = cluster;
        this.tracker = tracker;
    }

    /** What went wrong with one request; {@code partial} when the request itself may have done part of its work. */
    record Failure(String message, boolean partial, Throwable cause, boolean connectionLost) {

        Failure(String message, boolean partial, Throwable cause) {
            this(message, partial, cause, false);
        }
    }

    /** Sends the request; null on success. What Elasticsearch warns about (deprecations) goes to the script's warnings. */
    Failure send(HttpRequest r, Script running) {
        String script = running.file().script();
        ResourceEffects effects = ResourceEffects.of(r);
        if (!effects.removed().isEmpty() || r.isMethod("DELETE") || r.segments().contains("_aliases")) {
            tracker.forgetKnown(); // before sending: even a failed request may have removed something
        }
        Set<Resource> existedBefore;
        RawResponse response;
        try {
            existedBefore = effects.touched().isEmpty() ? Set.of() : tracker.existing(effects.touched());
        } catch (IOException e) {
            return lost(r, e, false); // only the check before it: the request itself was not sent
        }
        try {
            response = cluster.send(request(r));
        } catch (java.net.ConnectException e) {
            return lost(r, e, false); // refused: it never reached the node
        } catch (IOException e) {
            return lost(r, e, true); // it may have reached the node and been applied before the answer was lost
        }
        if (!response.ok()) {
            return new Failure(cluster.redact(response.summary() + " (" + r.label() + ")"), false, null);
        }
        for (String warning : response.warnings()) {
            running.warn(cluster.redact("request " + r.number() + " (" + r.label() + ", line " + r.line()
                    + "): Elasticsearch warns: " + warning));
        }
        String bulkError = bulkError(r, response);
        try {
            if (!effects.isEmpty()) {
                tracker.record(effects, existedBefore, script);
            }
        } catch (IOException | RuntimeException e) {
            return new Failure(cluster.redact(r.label() + " succeeded, but Weave could not record what it created for"
                    + " clean --all: " + e.getMessage()), true, e);
        }
        return bulkError == null ? null : new Failure(bulkError, true, null);
    }

    private Failure lost(HttpRequest r, IOException e, boolean maybeApplied) {
        return new Failure(cluster.redact("could not send " + r.label() + " to " + cluster.endpoint.address() + ": "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())), maybeApplied, e, true);
    }

    private static Request request(HttpRequest r) {
        Request request = new Request(r.method(), r.path());
        for (Map.Entry<String, String> p : r.query()) {
            request.addParameter(p.getKey(), p.getValue());
        }
        RequestOptions.Builder options = RequestOptions.DEFAULT.toBuilder();
        String contentType = r.header("Content-Type").orElse("application/json");
        for (Map.Entry<String, String> h : r.headers()) {
            if (!h.getKey().equalsIgnoreCase("Content-Type")) {
                options.addHeader(h.getKey(), h.getValue());
            }
        }
        request.setOptions(options);
        if (r.body() != null) {
            ContentType type = ContentType.parse(contentType);
            request.setEntity(new NStringEntity(r.body(), type.getCharset() == null ? type.withCharset(StandardCharsets.UTF_8) : type));
        }
        return request;
    }

    /** A _bulk answer with "errors": true names how many items failed and the first failure's reason. */
    private static String bulkError(HttpRequest r, RawResponse response) {
        if (!r.segments().contains("_bulk")) {
            return null;
        }
        JsonNode json = response.json();
        if (!json.path("errors").asBoolean(false)) {
            return null;
        }
        int failed = 0;
        int position = 0;
        String first = null;
        for (JsonNode item : json.path("items")) {
            position++;
            JsonNode result = item.elements().hasNext() ? item.elements().next() : null;
            if (result != null && result.has("error")) {
                failed++;
                if (first == null) {
                    first = "item " + position + " (" + item.fieldNames().next() + " into " + result.path("_index").asText()
                            + ", id " + result.path("_id").asText() + "): " + ErrorReason.describe(result.path("error"));
                }
            }
        }
        return "_bulk answered HTTP " + response.status() + " but " + failed + " of " + json.path("items").size()
                + " items failed; the others were applied. First failure: " + first + " (" + r.label() + ")";
    }
}
