package dev.weave.plan;

import dev.weave.model.LedgerEntry;
import dev.weave.model.MigrationFile;
import dev.weave.model.MigrationVersion;

/**
 * One line of a plan: a file, a ledger entry, or both, and the state their comparison gives.
 *
 * @param file  null when only the ledger knows the migration (missing, baseline)
 * @param entry the latest ledger entry for it; null when it never ran
 */
public record PlannedMigration(MigrationVersion version, String description, String type, String script,
                               MigrationState state, MigrationFile file, LedgerEntry entry) {

    /** "V3 add users", "R refresh views", "B1 baseline". */
    public String label() {
        String prefix = switch (type) {
            case "repeatable" -> "R";
            case "baseline" -> "B";
            default -> "V";
        };
        return version == null ? prefix + " " + description : prefix + version.text() + " " + description;
    }
}
