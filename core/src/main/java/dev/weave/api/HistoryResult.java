package dev.weave.api;

import dev.weave.model.LedgerEntry;

import java.util.List;

/** The ledger of a target as stored, oldest first. */
public record HistoryResult(String target, String storeType, List<LedgerEntry> entries) {
}
