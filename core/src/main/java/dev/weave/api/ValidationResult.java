package dev.weave.api;

import java.util.List;

/**
 * The verdict of comparing a target's ledger with its files.
 *
 * @param applied number of migrations that count as applied
 * @param pending number of migrations a migrate would run
 */
public record ValidationResult(String target, String storeType, Outcome outcome, List<Problem> problems,
                               int applied, int pending) {

    public enum Outcome {
        /** Every applied migration matches its file and nothing is pending (or pending is ignored). */
        VALID,
        /** Only what a migrate would run (PENDING, OUTDATED or UNDONE findings): the store is behind the files. */
        PENDING,
        /** The ledger and the files disagree: drift, missing, failed or out-of-order migrations. */
        INVALID
    }

    /**
     * One finding.
     *
     * @param kind   the state {@code info} shows: CHECKSUM_MISMATCH, MISSING, FAILED or OUT_OF_ORDER (the ledger and
     *               the files disagree), or PENDING (never applied), OUTDATED (a repeatable changed since it was
     *               applied) or UNDONE (undone, pending again), which a migrate runs
     * @param advice what to do about it
     */
    public record Problem(String kind, String version, String script, String message, String advice) {
    }

    public boolean isValid() {
        return outcome == Outcome.VALID;
    }
}
