package dev.weave.store.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/** Elasticsearch's error type and reason out of a response body, for messages people read. */
final class ErrorReason {

    private static final int MAX_TEXT = 300;

    private ErrorReason() {
    }

    /**
     * {@code type: reason (caused by: type: reason)} from {@code {"error": {...}}}, the error string of
     * {@code {"error": "..."}}, or the start of a body that is not JSON; empty for an empty body.
     */
    static String of(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        JsonNode json = parse(body);
        JsonNode error = json.path("error");
        if (error.isTextual()) {
            return error.asText();
        }
        if (error.isObject()) {
            return describe(error);
        }
        if (json.path("found").isBoolean() && !json.path("found").asBoolean()) {
            return "document not found";
        }
        if (json.isMissingNode()) {
            String text = body.replaceAll("\\s+", " ").strip();
            return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "…";
        }
        return "";
    }

    /** One error object: its type and reason, and what caused it when that says more. */
    static String describe(JsonNode error) {
        String text = error.path("type").asText("error") + ": " + error.path("reason").asText("");
        JsonNode cause = error.path("caused_by");
        String causeReason = cause.path("reason").asText("");
        if (cause.isObject() && !causeReason.isEmpty() && !text.contains(causeReason)) {
            text += " (caused by " + cause.path("type").asText("") + ": " + cause.path("reason").asText() + ")";
        }
        return text.strip();
    }

    static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (Exception e) {
            return MissingNode.getInstance();
        }
    }
}
