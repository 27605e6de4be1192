package dev.weave.plan;

import dev.weave.discovery.Checksums;
import dev.weave.discovery.ResolvedMigrations;
import dev.weave.model.EntryType;
import dev.weave.model.LedgerEntry;
import dev.weave.model.MigrationFile;
import dev.weave.model.MigrationVersion;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Compares a target's files with its ledger. The ledger is append-only, so the latest entry for a
 * version (or a repeatable's description) decides its state. One pass over each side: fast on
 * 10,000-migration histories.
 */
public final class PlanBuilder {

    private final MigrationVersion targetVersion;
    private final boolean outOfOrder;

    /**
     * @param targetVersion migrate no further than this version; null for the latest
     * @param outOfOrder    run pending versions lower than the current one instead of reporting them
     */
    public PlanBuilder(MigrationVersion targetVersion, boolean outOfOrder) {
        this.targetVersion = targetVersion;
        this.outOfOrder = outOfOrder;
    }

    public Plan build(ResolvedMigrations files, List<LedgerEntry> ledger) {
        Map<MigrationVersion, LedgerEntry> latestByVersion = new HashMap<>();
        Map<String, LedgerEntry> latestRepeatable = new LinkedHashMap<>();
        LedgerEntry baseline = null;
        for (LedgerEntry entry : sortedByRank(ledger)) {
            if (entry.type() == EntryType.BASELINE) {
                baseline = entry;
            } else if (entry.version() == null) {
                latestRepeatable.put(entry.description(), entry);
            } else {
                latestByVersion.put(entry.parsedVersion(), entry);
            }
        }
        MigrationVersion baselineVersion = baseline == null ? null : baseline.parsedVersion();
        MigrationVersion current = currentVersion(latestByVersion, baselineVersion);

        TreeMap<MigrationVersion, PlannedMigration> versioned = new TreeMap<>();
        List<MigrationFile> toRun = new ArrayList<>();
        for (MigrationFile file : files.versioned()) {
            LedgerEntry entry = latestByVersion.get(file.version());
            MigrationState state = versionedState(file, entry, baselineVersion, current);
            versioned.put(file.version(), planned(file, "versioned", state, entry));
            if (state == MigrationState.PENDING || state == MigrationState.UNDONE) {
                toRun.add(file);
            }
        }
        for (Map.Entry<MigrationVersion, LedgerEntry> e : latestByVersion.entrySet()) {
            if (!versioned.containsKey(e.getKey())) {
                LedgerEntry entry = e.getValue();
                MigrationState state = ledgerOnlyState(entry);
                if (state != null) {
                    versioned.put(e.getKey(), new PlannedMigration(e.getKey(), entry.description(), "versioned",
                            entry.script(), state, null, entry));
                }
            }
        }

        List<PlannedMigration> lines = new ArrayList<>(versioned.values());
        if (baseline != null) {
            lines.add(baselineLine(lines, baseline), new PlannedMigration(baselineVersion, baseline.description(),
                    "baseline", baseline.script(), MigrationState.BASELINE, null, baseline));
        }
        addRepeatables(files, latestRepeatable, lines, toRun);
        return new Plan(List.copyOf(lines), Optional.ofNullable(current), List.copyOf(toRun));
    }

    private MigrationState versionedState(MigrationFile file, LedgerEntry entry, MigrationVersion baselineVersion,
                                          MigrationVersion current) {
        if (entry != null) {
            return switch (entry.type()) {
                case VERSIONED -> !entry.success() ? MigrationState.FAILED
                        : Checksums.matches(entry.checksum(), file.checksum()) ? MigrationState.APPLIED
                        : MigrationState.CHECKSUM_MISMATCH;
                case UNDO -> !entry.success() ? MigrationState.FAILED
                        : isAboveTarget(file.version()) ? MigrationState.ABOVE_TARGET : MigrationState.UNDONE;
                case DELETE -> MigrationState.DELETED;
                case ADOPTED -> Checksums.matches(entry.checksum(), file.checksum()) ? MigrationState.ADOPTED
                        : MigrationState.CHECKSUM_MISMATCH;
                default -> MigrationState.APPLIED;
            };
        }
        if (baselineVersion != null && file.version().compareTo(baselineVersion) <= 0) {
            return MigrationState.BELOW_BASELINE;
        }
        if (isAboveTarget(file.version())) {
            return MigrationState.ABOVE_TARGET;
        }
        if (current != null && file.version().compareTo(current) < 0 && !outOfOrder) {
            return MigrationState.OUT_OF_ORDER;
        }
        return MigrationState.PENDING;
    }

    private boolean isAboveTarget(MigrationVersion version) {
        return targetVersion != null && version.compareTo(targetVersion) > 0;
    }

    /** State of a ledger entry whose file is gone; null when it needs no line. */
    private static MigrationState ledgerOnlyState(LedgerEntry entry) {
        return switch (entry.type()) {
            case VERSIONED, REPEATABLE, ADOPTED -> entry.success() ? MigrationState.MISSING : MigrationState.FAILED;
            case UNDO -> entry.success() ? null : MigrationState.FAILED;
            case DELETE -> MigrationState.DELETED;
            case BASELINE -> MigrationState.BASELINE;
        };
    }

    private static void addRepeatables(ResolvedMigrations files, Map<String, LedgerEntry> latest,
                                       List<PlannedMigration> lines, List<MigrationFile> toRun) {
        Map<String, MigrationFile> byDescription = new HashMap<>();
        for (MigrationFile file : files.repeatables()) {
            byDescription.put(file.description(), file);
            LedgerEntry entry = latest.get(file.description());
            MigrationState state;
            if (entry == null || entry.type() == EntryType.DELETE) {
                state = MigrationState.PENDING;
            } else if (!entry.success()) {
                state = MigrationState.FAILED;
            } else {
                state = Checksums.matches(entry.checksum(), file.checksum()) ? MigrationState.APPLIED : MigrationState.OUTDATED;
            }
            lines.add(planned(file, "repeatable", state, entry));
            if (state == MigrationState.PENDING || state == MigrationState.OUTDATED) {
                toRun.add(file);
            }
        }
        for (LedgerEntry entry : latest.values()) {
            if (!byDescription.containsKey(entry.description()) && entry.type() != EntryType.DELETE) {
                lines.add(new PlannedMigration(null, entry.description(), "repeatable", entry.script(),
                        ledgerOnlyState(entry), null, entry));
            }
        }
    }

    private static MigrationVersion currentVersion(Map<MigrationVersion, LedgerEntry> latest, MigrationVersion baseline) {
        MigrationVersion current = baseline;
        for (Map.Entry<MigrationVersion, LedgerEntry> e : latest.entrySet()) {
            LedgerEntry entry = e.getValue();
            boolean counts = entry.success() && (entry.type() == EntryType.VERSIONED || entry.type() == EntryType.DELETE
                    || entry.type() == EntryType.ADOPTED);
            if (counts && (current == null || e.getKey().compareTo(current) > 0)) {
                current = e.getKey();
            }
        }
        return current;
    }

    private static int baselineLine(List<PlannedMigration> lines, LedgerEntry baseline) {
        MigrationVersion version = baseline.parsedVersion();
        int i = 0;
        while (i < lines.size() && lines.get(i).version().compareTo(version) <= 0) {
            i++;
        }
        return i;
    }

    private static PlannedMigration planned(MigrationFile file, String type, MigrationState state, LedgerEntry entry) {
        return new PlannedMigration(file.version(), file.description(), type, file.script(), state, file, entry);
    }

    private static List<LedgerEntry> sortedByRank(List<LedgerEntry> ledger) {
        List<LedgerEntry> sorted = new ArrayList<>(ledger);
        sorted.sort(Comparator.comparingInt(LedgerEntry::rank));
        return sorted;
    }
}
