package dev.weave.api;

import java.util.List;

/**
 * What a migrate did to one target.
 *
 * @param initialVersion the current version before the run; null for an empty ledger
 * @param finalVersion   the current version after the run (for a dry run: what it would be)
 */
public record MigrateResult(String target, String storeType, String initialVersion, String finalVersion,
                            List<MigrationSummary> applied, boolean dryRun, long totalMillis) {

    public boolean upToDate() {
        return applied.isEmpty();
    }
}
