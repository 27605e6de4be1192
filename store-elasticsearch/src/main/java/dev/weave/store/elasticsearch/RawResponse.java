package dev.weave.store.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** A response of the low-level client, whatever its status. {@code body} is empty for HEAD. */
record RawResponse(int status, String statusText, String body, List<String> warnings) {

    RawResponse {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    RawResponse(int status, String statusText, String body) {
        this(status, statusText, body, List.of());
    }

    boolean ok() {
        return status >= 200 && status < 300;
    }

    /** "HTTP 404 Not Found: index_not_found_exception: no such index [x]": status and Elasticsearch's reason. */
    String summary() {
        String head = "HTTP " + status + (statusText == null || statusText.isBlank() ? "" : " " + statusText);
        String reason = ErrorReason.of(body);
        return reason.isEmpty() ? head : head + ": " + reason;
    }

    JsonNode json() {
        return ErrorReason.parse(body);
    }

    /** Elasticsearch's error type, e.g. {@code resource_already_exists_exception}; empty when there is none. */
    String errorType() {
        return json().path("error").path("type").asText("");
    }
}
