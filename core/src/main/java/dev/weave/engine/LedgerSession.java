package dev.weave.engine;

import dev.weave.error.LockTimeoutException;
import dev.weave.model.LedgerEntry;
import dev.weave.spi.StoreConnection;

import java.time.Duration;
import java.util.List;

/**
 * The one template every operation that writes a target follows: take the lock (telling the gate while it
 * waits, so a multi-target run can lend its permit out), make the ledger ready, read it, act, and release the
 * lock whatever happened. Operations supply only the "act"; none of them takes a lock or reads a ledger by
 * itself, so the order cannot differ between migrate, undo, repair and baseline.
 */
final class LedgerSession {

    /** What an operation does under the lock, given the ledger as it stood when the lock was taken. */
    interface Work<R> {
        R run(StoreConnection connection, List<LedgerEntry> ledger);
    }

    private LedgerSession() {
    }

    /** Opens a connection for the lock, runs {@code work} under it, and closes both. */
    static <R> R run(TargetContext ctx, Work<R> work) {
        try (StoreConnection connection = ctx.connectToLock()) {
            return run(ctx, connection, MigrationGate.OPEN, work);
        }
    }

    /** On a connection the caller opened (and closes): lock → ledger ready → read → {@code work} → release. */
    static <R> R run(TargetContext ctx, StoreConnection connection, MigrationGate gate, Work<R> work) {
        try (StoreConnection.Lock lock = lock(ctx, connection, gate)) {
            connection.createLedger();
            return work.run(connection, connection.readLedger());
        }
    }

    /**
     * Only the lock, for the one operation that must not make a ledger first (clean removes it). Runs
     * {@code work} under it and releases it.
     */
    static <R> R withoutLedger(TargetContext ctx, java.util.function.Function<StoreConnection, R> work) {
        try (StoreConnection connection = ctx.connectToLock();
             StoreConnection.Lock lock = lock(ctx, connection, MigrationGate.OPEN)) {
            return work.apply(connection);
        }
    }

    /**
     * One try first, and only when another runner holds the lock the wait the gate hears about: a multi-target run
     * gives its run permit back for that wait, and giving it back on every lock let each free permit start one more
     * target, so a fan-out over 200 databases had all of them connected at once ("too many clients").
     */
    private static StoreConnection.Lock lock(TargetContext ctx, StoreConnection connection, MigrationGate gate) {
        gate.lockAsked(ctx.name());
        try {
            StoreConnection.Lock free = connection.lock(Duration.ZERO);
            gate.lockTaken(ctx.name());
            return free;
        } catch (LockTimeoutException held) {
            // another runner has it: wait below, without holding a permit
        }
        StoreConnection.Lock taken = null;
        gate.lockWaitStarted(ctx.name());
        try {
            taken = connection.lock(ctx.config().lockTimeout());
            return taken;
        } finally {
            gate.lockWaitEnded(ctx.name(), taken != null);
        }
    }
}
