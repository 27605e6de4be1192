package dev.weave.engine;

import dev.weave.error.ExitCode;

/**
 * A migration waited for another target's version for longer than the lock timeout while that target was
 * out of this run's hands (another runner held its lock, or it is not part of the run). Exit 5, like a lock
 * not acquired in time: run again once the other runner is done.
 */
final class DependencyWaitTimeoutException extends DependencyBlockedException {

    DependencyWaitTimeoutException(String message) {
        super(message);
    }

    @Override
    public ExitCode kind() {
        return ExitCode.LOCK_NOT_ACQUIRED;
    }
}
