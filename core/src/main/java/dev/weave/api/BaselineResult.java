package dev.weave.api;

/** The baseline recorded in an empty ledger. */
public record BaselineResult(String target, String storeType, String version, String description) {
}
