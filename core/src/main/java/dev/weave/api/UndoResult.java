package dev.weave.api;

import java.util.List;

/** What {@code undo} reversed, newest first, and the version the target is at afterwards. */
public record UndoResult(String target, String storeType, List<MigrationSummary> undone, String finalVersion,
                         boolean dryRun) {
}
