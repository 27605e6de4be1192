package dev.weave.api;

import java.util.List;

/**
 * What a migrate did to one target.
 *
 * @param initialVersion the current version before the run; null for an empty ledger
 * @param finalVersion   the current version after the run (for a dry run: what it would be)
 * @param counts         how many of the target's files were applied, skipped (and why) and there are in all
 */
public record MigrateResult(String target, String storeType, String initialVersion, String finalVersion,
                            List<MigrationSummary> applied, MigrationCounts counts, boolean dryRun, long totalMillis) {

    public boolean upToDate() {
        return applied.isEmpty();
    }
}
