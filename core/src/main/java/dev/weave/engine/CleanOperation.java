package dev.weave.engine;

import dev.weave.api.CleanResult;
import dev.weave.error.ConfigurationException;
import dev.weave.spi.StoreConnection;

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
        try (StoreConnection connection = ctx.connectToLock();
             StoreConnection.Lock lock = connection.lock(ctx.config().lockTimeout())) {
            List<String> removed = connection.clean(everything);
            return new CleanResult(ctx.name(), ctx.target().storeType(), List.copyOf(removed));
        }
    }
}
