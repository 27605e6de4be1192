package dev.weave.api;

import java.util.List;

/**
 * What a multi-target migrate did, target by target, and for a dry run the cross-store schedule.
 *
 * @param schedule for a dry run: every migration that would run, in an order that honours versions and
 *                 {@code depends-on}; empty otherwise
 */
public record MigrateAllResult(List<TargetRun> targets, List<ScheduledMigration> schedule, boolean dryRun,
                               long totalMillis) {

    /**
     * One target's part of the run.
     *
     * @param counts what the target's files came to; null when the target did not finish (see {@code error})
     */
    public record TargetRun(String target, String storeType, Status status, String initialVersion,
                            String finalVersion, List<MigrationSummary> applied, MigrationCounts counts, String error,
                            int exitCode, long millis) {
    }

    /** Where a target ended up. */
    public enum Status {
        APPLIED, UP_TO_DATE, WOULD_APPLY, FAILED, STOPPED, BLOCKED
    }

    /** A step of a dry run's schedule; {@code after} lists the cross-store dependencies it waits for. */
    public record ScheduledMigration(int step, String target, String version, String description, String script,
                                     List<String> after) {
    }

    /** The counts of every target that finished, added up; targets that did not finish count nothing. */
    public MigrationCounts counts() {
        MigrationCounts sum = new MigrationCounts(0, 0, 0, 0, 0, 0, 0);
        for (TargetRun t : targets) {
            if (t.counts() != null) {
                sum = sum.plus(t.counts());
            }
        }
        return sum;
    }

    /** The worst exit code of all targets (0 when every target succeeded). */
    public int exitCode() {
        return targets.stream().mapToInt(TargetRun::exitCode).max().orElse(0);
    }
}
