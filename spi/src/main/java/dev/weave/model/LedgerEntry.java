package dev.weave.model;

import java.time.Instant;

/**
 * One row of a target's version ledger, the same record in every store.
 *
 * @param rank          position in the ledger, 1 for the first entry; entries are only ever appended,
 *                      so the latest entry for a version decides its state
 * @param version       the version as written in the file name; null for repeatables
 * @param checksum      stored checksum naming its algorithm; null for baseline and delete entries
 * @param executionMillis time spent executing the script
 */
public record LedgerEntry(
        int rank,
        String version,
        String description,
        EntryType type,
        String script,
        String checksum,
        String installedBy,
        Instant installedOn,
        long executionMillis,
        boolean success) {

    public MigrationVersion parsedVersion() {
        return version == null ? null : MigrationVersion.parse(version);
    }

    /** This entry as it ends: the time since {@code startNanos} ({@link System#nanoTime}) and whether it succeeded. */
    public LedgerEntry finished(long startNanos, boolean succeeded) {
        return new LedgerEntry(rank, version, description, type, script, checksum, installedBy, installedOn,
                (System.nanoTime() - startNanos) / 1_000_000, succeeded);
    }

    public LedgerEntry withChecksumAndDescription(String newChecksum, String newDescription) {
        return new LedgerEntry(rank, version, newDescription, type, script, newChecksum, installedBy,
                installedOn, executionMillis, success);
    }
}
