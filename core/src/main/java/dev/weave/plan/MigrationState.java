package dev.weave.plan;

/** Where one migration stands when the files are compared with the ledger. */
public enum MigrationState {
    /** In the files, not applied yet; will run. */
    PENDING(false),
    /** Applied with the same checksum as the file. */
    APPLIED(false),
    /** Repeatable applied before, but the file changed since: will run again. */
    OUTDATED(false),
    /** Recorded as failed: blocks later runs until fixed and repaired. */
    FAILED(true),
    /** Applied, but the file was edited afterwards. */
    CHECKSUM_MISMATCH(true),
    /** In the ledger, but no file has it any more. */
    MISSING(true),
    /** Not applied, yet a higher version is: it would run out of order. */
    OUT_OF_ORDER(true),
    /** Pending but above the requested --target version. */
    ABOVE_TARGET(false),
    /** The baseline entry itself. */
    BASELINE(false),
    /** At or below the baseline version: taken as already applied. */
    BELOW_BASELINE(false),
    /** Applied by another tool and taken over by {@code weave db adopt}; counts as applied. */
    ADOPTED(false),
    /** Reversed by its undo file; pending again. */
    UNDONE(false),
    /** Applied, its file deleted on purpose and acknowledged by repair. */
    DELETED(false);

    private final boolean problem;

    MigrationState(boolean problem) {
        this.problem = problem;
    }

    /** True when this state makes validate fail (pending is judged separately). */
    public boolean isProblem() {
        return problem;
    }
}
