package dev.weave.store.elasticsearch;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The lock document: who holds the target and until when. {@code expires_at} is epoch milliseconds on
 * the holder's clock; a waiter compares it with its own, so leases are kept far longer than clock skew.
 */
record LockDocument(
        @JsonProperty("owner") String owner,
        @JsonProperty("acquired_at") String acquiredAt,
        @JsonProperty("renewed_at") String renewedAt,
        @JsonProperty("expires_at") long expiresAt) {
}
