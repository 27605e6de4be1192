package dev.weave.engine;

import dev.weave.api.MigrationFailedException;
import dev.weave.error.StoreUnreachableException;
import dev.weave.error.WeaveException;
import dev.weave.model.CallbackEvent;
import dev.weave.model.LedgerEntry;
import dev.weave.model.MigrationFile;
import dev.weave.spi.Script;
import dev.weave.spi.ScriptFailedException;
import dev.weave.spi.StoreConnection;

/**
 * Runs migration and callback scripts, records a failure that left the store changed (the one place that does,
 * for every store), and turns a store's script failure into the message a user reads.
 */
final class ScriptRunner {

    private ScriptRunner() {
    }

    /**
     * Applies a script with its ledger entry. When it fails in a way the store says must be recorded (it ran
     * without a transaction), the failed entry is written before anything else happens, so that the next run
     * refuses to start until repair; if even that write fails, the exception says so.
     */
    static void apply(StoreConnection connection, Script script, LedgerEntry entry) {
        long start = System.nanoTime();
        try {
            connection.apply(script, entry);
        } catch (ScriptFailedException e) {
            if (e.recordAsFailed()) {
                try {
                    connection.recordFailure(entry.finished(start, false), e);
                    e.markRecorded();
                } catch (RuntimeException notRecorded) {
                    e.addSuppressed(notRecorded); // the message says it was not recorded; the cause stays the script's
                }
            }
            throw e;
        }
    }

    static void callbacks(TargetContext ctx, StoreConnection connection, CallbackEvent event) {
        for (MigrationFile file : ctx.files().callbacks(event)) {
            Script script = ctx.script(file);
            try {
                connection.runCallback(script);
            } catch (ScriptFailedException e) {
                throw failure(ctx, connection, file, e);
            }
        }
    }

    /** After a failure: run afterMigrateError callbacks, but never let them hide the original failure. */
    static void errorCallbacks(TargetContext ctx, StoreConnection connection) {
        try {
            callbacks(ctx, connection, CallbackEvent.AFTER_MIGRATE_ERROR);
        } catch (RuntimeException ignored) {
            // the migration's own failure is what the user needs to see
        }
    }

    static WeaveException failure(TargetContext ctx, StoreConnection connection, MigrationFile file,
                                  ScriptFailedException e) {
        String part = ctx.target().adapter().scriptPartName(); // "statement", "request": the store's word
        StringBuilder sb = new StringBuilder();
        sb.append(file.path());
        if (e.line() > 0) {
            sb.append(':').append(e.line());
        }
        sb.append(": ").append(file.label()).append(" failed");
        if (e.statement() > 0) {
            sb.append(" at ").append(part).append(' ').append(e.statement());
        }
        sb.append(": ").append(e.getMessage());
        sb.append("\n  target ").append(ctx.name()).append(" (").append(connection.describe()).append(')');
        if (e.kind() == ScriptFailedException.Kind.CONNECTION_LOST) {
            // the store went away: the file is probably fine, and the exit code says the store could not be reached
            sb.append("\n  the connection to the store broke while it ran; the file itself may well be fine.");
            if (e.partiallyApplied()) {
                sb.append("\n  What it sent before the break may stay applied (this store or script runs without a"
                        + " transaction), the last " + part + " included; check that, then");
            } else {
                sb.append("\n  Nothing of it was applied (rolled back) and nothing was recorded;");
            }
            sb.append(e.failureRecorded() ? " run: weave db repair " + ctx.name() + " (it was recorded as failed), and"
                    : "").append(" run migrate again once the store is back (--wait 60s waits for it)");
            return new StoreUnreachableException(sb.toString());
        }
        if (e.kind() == ScriptFailedException.Kind.LOCK_LOST) {
            sb.append("\n  this run stalled for longer than its lock's lease and another runner took the lock over;")
                    .append(" nothing was recorded").append(e.partiallyApplied()
                            ? ", but the " + part + "s before stay applied (no transaction): check them, then" : ";")
                    .append(" run migrate again (the file itself may well be fine)");
            return new MigrationFailedException(sb.toString(), e);
        }
        if (file.kind() == dev.weave.model.MigrationKind.CALLBACK) {
            sb.append("\n  the ").append(file.callback().fileName()).append(" callback failed; fix it and run again");
        } else if (e.failureRecorded()) {
            sb.append("\n  recorded as failed in the ledger").append(e.partiallyApplied()
                    ? "; the " + part + "s before the failing one stay applied (this store or script runs without a transaction)" : "")
                    .append(".\n  Fix the file, undo by hand what was applied, then run: weave db repair ").append(ctx.name());
        } else if (e.partiallyApplied()) {
            sb.append("\n  the failure could not be recorded in the ledger; the ").append(part)
                    .append("s before the failing one stay applied.\n  Undo them by hand, fix the file and run migrate again");
        } else {
            sb.append("\n  nothing of it was applied (rolled back) and nothing was recorded; fix the file and run migrate again");
        }
        return new MigrationFailedException(sb.toString(), e);
    }
}
