package dev.weave.engine;

import dev.weave.error.LockTimeoutException;
import dev.weave.error.WeaveException;
import dev.weave.model.MigrationVersion;
import dev.weave.plan.MigrationState;
import dev.weave.plan.Plan;
import dev.weave.plan.PlanBuilder;
import dev.weave.spi.StoreConnection;

import java.time.Duration;
import java.util.Set;

/**
 * Another target's ledger, read without its lock and without writing anything, to learn whether a
 * {@code depends-on} version is applied there — by whichever runner applied it. A dependency met only when
 * this run applied it let two runners, each holding the lock of one target and waiting for the other's,
 * wait each other out until the lock timeout. One is opened per waiting migration; it keeps its read-only
 * connection for the length of the wait.
 */
final class DependencyLedger implements AutoCloseable {

    /** A version in one of these states is in the ledger with success, or covered by a baseline. */
    private static final Set<MigrationState> MET = Set.of(MigrationState.APPLIED, MigrationState.ADOPTED, MigrationState.CHECKSUM_MISMATCH,
            MigrationState.BASELINE, MigrationState.BELOW_BASELINE);

    private final TargetContext ctx;
    private StoreConnection connection;

    DependencyLedger(TargetContext ctx) {
        this.ctx = ctx;
    }

    /** Whether the ledger shows {@code version} applied; false when it does not, or the store cannot be read now. */
    boolean shows(MigrationVersion version) {
        try {
            if (connection == null) {
                connection = ctx.connect();
            }
            Plan plan = new PlanBuilder(null, ctx.config().outOfOrder()).build(ctx.files(), connection.readLedger());
            return plan.migrations().stream()
                    .anyMatch(m -> m.version() != null && m.version().compareTo(version) == 0 && MET.contains(m.state()));
        } catch (WeaveException e) {
            close(); // a store that cannot be read now is a dependency not met yet; the next look reconnects
            return false;
        }
    }

    /**
     * Whether another runner holds the target's lock right now (so it may be about to apply the version):
     * the lock is tried once, without waiting, and given back at once.
     */
    boolean lockedByAnother() {
        try (StoreConnection c = ctx.connectToLock(); StoreConnection.Lock ignored = c.lock(Duration.ZERO)) {
            return false;
        } catch (LockTimeoutException e) {
            return true;
        } catch (WeaveException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            StoreConnection c = connection;
            connection = null;
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // read-only: nothing of ours depends on a clean close
            }
        }
    }
}
