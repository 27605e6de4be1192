package dev.weave.api;

import java.util.List;

/** What {@code repair} changed in a ledger, one line per change; empty when nothing needed repair. */
public record RepairResult(String target, String storeType, List<String> actions) {
}
