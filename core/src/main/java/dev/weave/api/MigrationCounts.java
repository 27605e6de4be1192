package dev.weave.api;

/**
 * What a migrate did with each of the target's migration files; every file is in exactly one of
 * {@code applied}, {@code alreadyApplied}, {@code belowBaseline}, {@code aboveTarget} and {@code deleted}, so they
 * add up to {@code total}. For a dry run, {@code applied} counts what would be applied.
 *
 * @param applied        applied by this run (new versions, undone ones again, new or changed repeatables)
 * @param outOfOrder     of those, versions below the version the target was at ({@code --out-of-order})
 * @param alreadyApplied applied before and unchanged: nothing to do
 * @param belowBaseline  at or below the target's baseline: taken as applied, never run
 * @param aboveTarget    pending but above {@code --target}: left for a later run
 * @param deleted        files whose version repair recorded as deleted on purpose: not run again
 * @param total          the target's versioned and repeatable files
 */
public record MigrationCounts(int applied, int outOfOrder, int alreadyApplied, int belowBaseline, int aboveTarget,
                              int deleted, int total) {

    /** The sum of two targets' counts, for a run over several. */
    public MigrationCounts plus(MigrationCounts other) {
        return new MigrationCounts(applied + other.applied, outOfOrder + other.outOfOrder,
                alreadyApplied + other.alreadyApplied, belowBaseline + other.belowBaseline,
                aboveTarget + other.aboveTarget, deleted + other.deleted, total + other.total);
    }

    /**
     * The counts in words, "3 applied, 2 skipped (already applied), 5 total": every file is in one part, and a file
     * that did not run for another reason than being applied already is named for that reason. The CLI and the
     * other skins print this.
     *
     * @param dryRun the applied ones are those that "would be applied"
     */
    public String describe(boolean dryRun) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        parts.add(applied + (dryRun ? " would be applied" : " applied") + (outOfOrder > 0 ? " (" + outOfOrder + " out of order)" : ""));
        parts.addAll(notRun());
        parts.add(total + " total");
        return String.join(", ", parts);
    }

    /** What did not run and why, in words; "skipped" is only ever what was applied already. */
    public java.util.List<String> notRun() {
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (alreadyApplied > 0) {
            parts.add(alreadyApplied + " skipped (already applied)");
        }
        if (belowBaseline > 0) {
            parts.add(belowBaseline + " below the baseline (counted as applied)");
        }
        if (aboveTarget > 0) {
            parts.add(aboveTarget + " above --target (not run)");
        }
        if (deleted > 0) {
            parts.add(deleted + " marked deleted by repair (not run)");
        }
        return parts;
    }
}
