package dev.weave.engine;

import dev.weave.api.CleanResult;
import dev.weave.error.ConfigurationException;

import java.util.List;

/** Removes what Weave (and, when asked, the migrations) put into a target. Destroys data: needs force. */
public final class CleanOperation {

    private final TargetContext ctx;
    private final boolean force;
    private final boolean everything;

    public CleanOperation(TargetContext ctx, boolean force, boolean everything) {
        this.ctx = ctx;
        this.force = force;
        this.everything = everything;
    }

    public CleanResult run() {
        if (ctx.target().cleanDisabled()) {
            throw new ConfigurationException("target " + ctx.name() + ": clean is disabled for this target (cleanDisabled: true"
                    + " in weave.yaml); remove that setting if you really mean to wipe it");
        }
        if (!force) {
            throw new ConfigurationException("target " + ctx.name() + ": clean destroys "
                    + (everything ? "every object in the target and its ledger" : "the target's ledger (its migration history)")
                    + " and cannot be undone; run it again with --force if that is what you want");
        }
        return LedgerSession.withoutLedger(ctx, connection ->
                new CleanResult(ctx.name(), ctx.target().storeType(), List.copyOf(connection.clean(everything))));
    }
}
