package dev.weave.engine;

import dev.weave.api.MigrationFailedException;
import dev.weave.model.CallbackEvent;
import dev.weave.model.MigrationFile;
import dev.weave.spi.Script;
import dev.weave.spi.ScriptFailedException;
import dev.weave.spi.StoreConnection;

/** Runs callback scripts and turns a store's script failure into the message a user reads. */
final class ScriptRunner {

    private ScriptRunner() {
    }

    static void callbacks(TargetContext ctx, StoreConnection connection, CallbackEvent event) {
        for (MigrationFile file : ctx.files().callbacks(event)) {
            Script script = new Script(file, ctx.placeholders().apply(file));
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

    static MigrationFailedException failure(TargetContext ctx, StoreConnection connection, MigrationFile file,
                                            ScriptFailedException e) {
        StringBuilder sb = new StringBuilder();
        sb.append(file.path());
        if (e.line() > 0) {
            sb.append(':').append(e.line());
        }
        sb.append(": ").append(file.label()).append(" failed");
        if (e.statement() > 0) {
            sb.append(" at statement ").append(e.statement());
        }
        sb.append(": ").append(e.getMessage());
        sb.append("\n  target ").append(ctx.name()).append(" (").append(connection.describe()).append(')');
        if (file.kind() == dev.weave.model.MigrationKind.CALLBACK) {
            sb.append("\n  the ").append(file.callback().fileName()).append(" callback failed; fix it and run again");
        } else if (e.failureRecorded()) {
            sb.append("\n  recorded as failed in the ledger").append(e.partiallyApplied()
                    ? "; the statements before the failing one stay applied (this store or script runs without a transaction)" : "")
                    .append(".\n  Fix the file, undo by hand what was applied, then run: weave db repair ").append(ctx.name());
        } else if (e.partiallyApplied()) {
            sb.append("\n  the failure could not be recorded in the ledger; the statements before the failing one stay applied."
                    + "\n  Undo them by hand, fix the file and run migrate again");
        } else {
            sb.append("\n  nothing of it was applied (rolled back) and nothing was recorded; fix the file and run migrate again");
        }
        return new MigrationFailedException(sb.toString(), e);
    }
}
