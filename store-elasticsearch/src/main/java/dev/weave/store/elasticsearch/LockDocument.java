package dev.weave.store.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The lock document: who holds the target and until when. {@code expires_at} is epoch milliseconds on
 * the holder's clock; a waiter compares it with its own, so leases are kept far longer than clock skew.
 */
record LockDocument(String owner, String acquiredAt, String renewedAt, long expiresAt) {

    String toJson() {
        return Json.object(g -> {
            Json.field(g, "owner", owner);
            Json.field(g, "acquired_at", acquiredAt);
            Json.field(g, "renewed_at", renewedAt);
            g.writeNumberField("expires_at", expiresAt);
        });
    }

    /** From the {@code _source} of the document; a missing field is null (0 for {@code expires_at}). */
    static LockDocument of(JsonNode source) {
        return new LockDocument(text(source.path("owner")), text(source.path("acquired_at")),
                text(source.path("renewed_at")), source.path("expires_at").asLong(0));
    }

    private static String text(JsonNode value) {
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }
}
