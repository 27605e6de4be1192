package dev.weave.engine;

import dev.weave.api.ValidationFailedException;
import dev.weave.api.ValidationResult;
import dev.weave.plan.MigrationState;
import dev.weave.plan.Plan;
import dev.weave.plan.PlannedMigration;

import java.util.ArrayList;
import java.util.List;

/** Turns a plan's problem states into findings a user can act on, each with its advice. */
final class Findings {

    private Findings() {
    }

    /** The kinds that only say the store is behind the files: a migrate fixes them (outcome PENDING, not INVALID). */
    private static final java.util.Set<String> BEHIND = java.util.Set.of(MigrationState.PENDING.name(),
            MigrationState.OUTDATED.name(), MigrationState.UNDONE.name());

    static ValidationResult validate(TargetContext ctx, Plan plan, boolean ignorePending) {
        List<ValidationResult.Problem> problems = new ArrayList<>();
        for (PlannedMigration m : plan.problems()) {
            problems.add(problem(ctx, plan, m));
        }
        List<PlannedMigration> pending = plan.pending();
        if (!ignorePending) {
            for (PlannedMigration m : pending) {
                problems.add(behind(ctx, m));
            }
        }
        ValidationResult.Outcome outcome = problems.isEmpty() ? ValidationResult.Outcome.VALID
                : problems.stream().allMatch(p -> BEHIND.contains(p.kind())) ? ValidationResult.Outcome.PENDING
                : ValidationResult.Outcome.INVALID;
        int applied = (int) (plan.count(MigrationState.APPLIED) + plan.count(MigrationState.ADOPTED)
                + plan.count(MigrationState.CHECKSUM_MISMATCH));
        return new ValidationResult(ctx.name(), ctx.target().storeType(), outcome, List.copyOf(problems), applied,
                pending.size());
    }

    /** Refuses to run when the ledger disagrees with the files; pending migrations are what migrate is for. */
    static void refuseProblems(TargetContext ctx, Plan plan) {
        ValidationResult result = validate(ctx, plan, true);
        if (result.outcome() == ValidationResult.Outcome.INVALID) {
            StringBuilder sb = new StringBuilder("target " + ctx.name() + ": migrate refused, the ledger and the files disagree:");
            for (ValidationResult.Problem p : result.problems()) {
                sb.append("\n  - ").append(p.message()).append("\n    ").append(p.advice());
            }
            throw new ValidationFailedException(sb.toString(), result);
        }
    }

    /** Something migrate would run, named with the state {@code info} shows for it: one word for one state. */
    private static ValidationResult.Problem behind(TargetContext ctx, PlannedMigration m) {
        String where = m.label() + " (" + m.script() + ")";
        String message = switch (m.state()) {
            case OUTDATED -> where + " changed since it was applied; migrate applies it again";
            case UNDONE -> where + " was undone; migrate applies it again";
            default -> where + " is not applied yet";
        };
        return new ValidationResult.Problem(m.state().name(), version(m), m.script(), message,
                "run weave db migrate " + ctx.name());
    }

    private static ValidationResult.Problem problem(TargetContext ctx, Plan plan, PlannedMigration m) {
        String t = ctx.name();
        String where = m.label() + " (" + m.script() + ")";
        return switch (m.state()) {
            case CHECKSUM_MISMATCH -> new ValidationResult.Problem("CHECKSUM_MISMATCH", version(m), m.script(),
                    where + " was edited after it was applied: ledger " + shortSum(m.entry().checksum())
                            + ", file " + shortSum(m.file().checksum()),
                    "restore the applied content (put changes in a new migration), or run weave db repair " + t
                            + " to accept the file as it is now (the change will not be run)");
            case MISSING -> new ValidationResult.Problem("MISSING", version(m), m.script(),
                    where + " is in the ledger but its file is gone",
                    "restore the file, or run weave db repair " + t + " to record that it was deleted on purpose");
            case FAILED -> new ValidationResult.Problem("FAILED", version(m), m.script(),
                    where + " is recorded as failed" + (m.entry() != null && m.entry().installedOn() != null
                            ? " (" + m.entry().installedOn() + ")" : ""),
                    "fix the file, undo by hand whatever part of it was applied, then run weave db repair " + t
                            + " and migrate again");
            case OUT_OF_ORDER -> new ValidationResult.Problem("OUT_OF_ORDER", version(m), m.script(),
                    where + " is not applied, but a higher version (" + plan.current().map(Object::toString).orElse("?")
                            + ") already is",
                    "give it a version above " + plan.current().map(Object::toString).orElse("the current one")
                            + ", or run migrate with --out-of-order to apply it anyway");
            default -> throw new IllegalStateException("not a problem state: " + m.state());
        };
    }

    private static String version(PlannedMigration m) {
        return m.version() == null ? null : m.version().text();
    }

    private static String shortSum(String checksum) {
        if (checksum == null) {
            return "(none)";
        }
        int colon = checksum.indexOf(':');
        int end = Math.min(checksum.length(), colon + 1 + 12);
        return checksum.substring(0, end) + "…";
    }
}
