package dev.weave.store.elasticsearch;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.ResponseException;

import java.io.IOException;

/**
 * Status and error type of a failed typed-client call. The client reports some statuses (e.g. 409) as an
 * {@link ElasticsearchException} and others as an I/O exception wrapping the low-level
 * {@link ResponseException}; both are read here.
 */
final class ClientErrors {

    private ClientErrors() {
    }

    /** The HTTP status of the failed call, or -1 when it never got an answer. */
    static int status(Throwable e) {
        if (e instanceof ElasticsearchException ee) {
            return ee.status();
        }
        ResponseException re = responseException(e);
        return re == null ? -1 : re.getResponse().getStatusLine().getStatusCode();
    }

    /** Elasticsearch's error type, e.g. {@code version_conflict_engine_exception}; empty when unknown. */
    static String type(Throwable e) {
        if (e instanceof ElasticsearchException ee) {
            return ee.error() == null ? "" : ee.error().type();
        }
        return ErrorReason.parse(body(e)).path("error").path("type").asText("");
    }

    /** "HTTP 409 version_conflict_engine_exception: …" or the I/O problem. */
    static String describe(Throwable e) {
        if (e instanceof ElasticsearchException ee) {
            return "HTTP " + ee.status() + " " + type(e) + ": " + (ee.error() == null ? "" : ee.error().reason());
        }
        ResponseException re = responseException(e);
        if (re != null) {
            String reason = ErrorReason.of(body(e));
            return "HTTP " + status(e) + (reason.isEmpty() ? "" : " " + reason);
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String body(Throwable e) {
        ResponseException re = responseException(e);
        if (re == null || re.getResponse().getEntity() == null) {
            return "";
        }
        try {
            return EntityUtils.toString(re.getResponse().getEntity());
        } catch (IOException | RuntimeException ex) {
            return "";
        }
    }

    private static ResponseException responseException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ResponseException re) {
                return re;
            }
        }
        return null;
    }
}
