package dev.weave.cli;

import dev.weave.api.MigrationCounts;

import java.util.ArrayList;
import java.util.List;

/**
 * A migrate's counts in words, "3 applied, 2 skipped (already applied), 5 total": every file is in one part,
 * and a file that did not run for another reason than being applied already is named for that reason.
 */
final class CountsText {

    private CountsText() {
    }

    static String of(MigrationCounts c) {
        return of(c, false);
    }

    /** @param dryRun the applied ones are those that "would be applied" */
    static String of(MigrationCounts c, boolean dryRun) {
        List<String> parts = new ArrayList<>();
        parts.add(c.applied() + (dryRun ? " would be applied" : " applied") + (c.outOfOrder() > 0 ? " (" + c.outOfOrder() + " out of order)" : ""));
        parts.addAll(notRun(c));
        parts.add(c.total() + " total");
        return String.join(", ", parts);
    }

    /** What did not run and why; "skipped" is only ever what was applied already. */
    static List<String> notRun(MigrationCounts c) {
        List<String> parts = new ArrayList<>();
        if (c.alreadyApplied() > 0) {
            parts.add(c.alreadyApplied() + " skipped (already applied)");
        }
        if (c.belowBaseline() > 0) {
            parts.add(c.belowBaseline() + " below the baseline (counted as applied)");
        }
        if (c.aboveTarget() > 0) {
            parts.add(c.aboveTarget() + " above --target (not run)");
        }
        if (c.deleted() > 0) {
            parts.add(c.deleted() + " marked deleted by repair (not run)");
        }
        return parts;
    }
}
