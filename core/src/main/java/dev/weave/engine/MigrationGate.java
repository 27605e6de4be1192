package dev.weave.engine;

import dev.weave.model.MigrationFile;
import dev.weave.model.MigrationVersion;

/**
 * Lets a multi-target run coordinate one target's migrate with the others: it learns where the target
 * stands once its ledger is read under the lock, may hold a migration back until the versions it
 * depends on are applied elsewhere, and hears about each migration applied.
 */
public interface MigrationGate {

    MigrationGate OPEN = new MigrationGate() {
    };

    /** The target has an open connection and asks for its lock (whether it then waits or not). */
    default void lockAsked(String target) {
    }

    /** The lock was free and is now this run's, without a wait ({@link #lockWaitStarted} did not happen). */
    default void lockTaken(String target) {
    }

    /**
     * Another runner (another process) holds the target's lock, and may hold it for long: the target is about
     * to wait for it; {@link #lockWaitEnded} follows whether the lock was taken or not.
     */
    default void lockWaitStarted(String target) {
    }

    /** @param taken whether this run now holds the lock (false: the wait gave up or failed) */
    default void lockWaitEnded(String target, boolean taken) {
    }

    /** The target's ledger was read under its lock; {@code current} is null for an empty ledger. */
    default void started(String target, MigrationVersion current) {
    }

    /**
     * Blocks until {@code file} may run.
     *
     * @throws dev.weave.error.WeaveException to stop this target (another target failed, or a dependency
     *         can no longer be met)
     */
    default void beforeApply(String target, MigrationFile file) {
    }

    default void afterApply(String target, MigrationFile file) {
    }
}
