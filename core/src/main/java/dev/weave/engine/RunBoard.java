package dev.weave.engine;

import dev.weave.api.RunStoppedException;
import dev.weave.discovery.Dependencies.Dependency;
import dev.weave.error.LockTimeoutException;
import dev.weave.error.WeaveException;
import dev.weave.model.MigrationFile;
import dev.weave.model.MigrationKind;
import dev.weave.model.MigrationVersion;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * The shared state of a multi-target run: where each target stands, and who may run. A migration that
 * depends on another target's version waits here until that version is applied — by this run, or by any
 * other runner, as the other target's ledger shows. While it waits it gives its run permit back, and so
 * does a target waiting for its lock (which another runner may hold), so a bounded {@code --parallel} can
 * never deadlock on waiting targets. A wait on a target out of this run's hands (locked by another runner,
 * or not part of the run) is bounded by the lock timeout.
 */
final class RunBoard implements MigrationGate {

    private static final long FIRST_LOOK_MILLIS = 100;
    private static final long LONGEST_PAUSE_MILLIS = 1000;

    private static final class TargetState {
        MigrationVersion current;
        /**
         * Waits for its lock, or gave up waiting: cleared only when the lock is taken, so a wait that just gave
         * up still reads as "locked by another runner" in the moment before {@link #finished} records the
         * timeout (CI once saw "has not started in this run" in that window).
         */
        boolean waitingForLock;
        /** This run holds the target's lock: whatever it reads next, the target is in our hands. */
        boolean lockTaken;
        boolean started;
        boolean finished;
        boolean failed;
        /** Finished because another runner kept its lock: that runner may still apply what we wait for. */
        boolean lockTimedOut;
    }

    /** Where a dependency stands, seen from this run. */
    private enum Standing {
        /** This run holds the target's lock and has applied the version. */
        MET,
        /** This run holds the target's lock and works on it: the wait ends when it gets there or stops. */
        OURS,
        /** This run is done with the target without getting there: only its ledger can still say yes. */
        ENDED,
        /** Another runner may hold it (or this run has not reached it yet): its ledger says when it is met. */
        ELSEWHERE
    }

    private final DependencyGraph graph;
    private final Map<String, TargetContext> targets;
    private final Set<String> running;
    private final boolean keepGoing;
    private final Semaphore permits;
    private final Duration lockTimeout;
    private final Map<String, TargetState> states = new HashMap<>();
    private String stopReason;

    /**
     * @param targets every target of the layout by name (a dependency may name one left out of this run)
     * @param running the targets of this run
     */
    RunBoard(DependencyGraph graph, Map<String, TargetContext> targets, Set<String> running, boolean keepGoing,
             int parallel, Duration lockTimeout) {
        this.graph = graph;
        this.targets = targets;
        this.running = Set.copyOf(running);
        this.keepGoing = keepGoing;
        this.permits = new Semaphore(parallel, true);
        this.lockTimeout = lockTimeout;
        running.forEach(t -> states.put(t, new TargetState()));
    }

    void acquire() throws InterruptedException {
        permits.acquire();
    }

    void release() {
        permits.release();
    }

    /**
     * A target waiting for its lock gives its permit back: the lock may be held by another runner whose
     * target waits for a dependency in its own run, and that target could be waiting for a permit of ours
     * (or we for one of its). Holding a permit while waiting for a lock let two runners wait each other out
     * until the lock timeout.
     */
    @Override
    public void lockWaitStarted(String target) {
        synchronized (this) {
            states.get(target).waitingForLock = true;
        }
        permits.release();
    }

    /** Taken or given up, the target needs a permit again before it goes on (its run releases it at the end). */
    @Override
    public void lockWaitEnded(String target, boolean taken) {
        if (taken) {
            lockTaken(target);
        }
        permits.acquireUninterruptibly();
    }

    /** Free at the first try: the target kept its permit throughout. */
    @Override
    public synchronized void lockTaken(String target) {
        TargetState s = states.get(target);
        s.waitingForLock = false;
        s.lockTaken = true;
        notifyAll();
    }

    @Override
    public synchronized void started(String target, MigrationVersion current) {
        TargetState s = states.get(target);
        s.current = current;
        s.started = true;
        notifyAll();
    }

    @Override
    public void beforeApply(String target, MigrationFile file) {
        checkNotStopped(target);
        if (file.kind() != MigrationKind.VERSIONED) {
            return;
        }
        var dependencies = graph.dependenciesOf(target, file.version());
        if (dependencies.isEmpty()) {
            return;
        }
        permits.release();
        try {
            for (Dependency d : dependencies) {
                await(target, file, d);
            }
        } finally {
            permits.acquireUninterruptibly();
        }
        checkNotStopped(target);
    }

    @Override
    public synchronized void afterApply(String target, MigrationFile file) {
        if (file.kind() == MigrationKind.VERSIONED) {
            TargetState s = states.get(target);
            if (s.current == null || file.version().compareTo(s.current) > 0) {
                s.current = file.version();
            }
            notifyAll();
        }
    }

    /**
     * @param failure    null when the target finished its work
     * @param stopOthers whether the failure stops the other targets (unless --keep-going): a target that could
     *                   not even connect stops none, its dependents end BLOCKED when they reach it
     */
    synchronized void finished(String target, WeaveException failure, boolean stopOthers) {
        TargetState s = states.get(target);
        s.finished = true;
        s.failed = failure != null && !(failure instanceof RunStoppedException);
        s.lockTimedOut = failure instanceof LockTimeoutException;
        if (s.failed && stopOthers && !keepGoing && stopReason == null) {
            stopReason = target + " failed: " + failure.getMessage();
        }
        notifyAll();
    }

    private synchronized void checkNotStopped(String target) {
        if (stopReason != null) {
            throw new RunStoppedException("target " + target + " stopped because " + firstLine(stopReason)
                    + " (use --keep-going to let the other targets go on)");
        }
    }

    private void await(String target, MigrationFile file, Dependency d) {
        boolean inRun = running.contains(d.target());
        try (DependencyLedger ledger = new DependencyLedger(targets.get(d.target()))) {
            if (!inRun && !ledger.shows(d.version()) && !ledger.lockedByAnother() && !ledger.shows(d.version())) {
                throw new DependencyBlockedException(file.path() + ": " + file.label() + " depends on " + d + ", but "
                        + d.target() + " is not part of this run and has not applied " + d
                        + "; migrate " + d.target() + " first or include it in the run");
            }
            long deadline = System.nanoTime() + lockTimeout.toNanos();
            long pause = FIRST_LOOK_MILLIS;
            while (true) {
                Standing standing = inRun ? standing(d) : Standing.ELSEWHERE;
                switch (standing) {
                    case MET:
                        return;
                    case OURS:
                        deadline = System.nanoTime() + lockTimeout.toNanos(); // in our hands: it gets there or ends
                        break;
                    case ENDED:
                        if (ledger.shows(d.version())) {
                            return;
                        }
                        throw ended(file, d);
                    case ELSEWHERE:
                        if (ledger.shows(d.version())) {
                            return;
                        }
                        if (System.nanoTime() >= deadline) {
                            throw timedOut(target, file, d, inRun);
                        }
                        break;
                }
                pause(target, d, standing == Standing.OURS ? LONGEST_PAUSE_MILLIS
                        : Math.min(pause, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
                pause = Math.min(pause * 2, LONGEST_PAUSE_MILLIS);
            }
        }
    }

    private synchronized Standing standing(Dependency d) {
        TargetState s = states.get(d.target());
        if (s.started && s.current != null && s.current.compareTo(d.version()) >= 0) {
            return Standing.MET;
        }
        if (s.finished) {
            return s.lockTimedOut ? Standing.ELSEWHERE : Standing.ENDED;
        }
        return s.started || s.lockTaken ? Standing.OURS : Standing.ELSEWHERE;
    }

    /** Waits for news from this run's targets (they notify), or until it is time to look at the ledger again. */
    private synchronized void pause(String target, Dependency d, long millis) {
        checkNotStopped(target);
        try {
            wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunStoppedException("target " + target + " interrupted while waiting for " + d);
        }
        checkNotStopped(target);
    }

    private synchronized DependencyBlockedException ended(MigrationFile file, Dependency d) {
        TargetState s = states.get(d.target());
        return new DependencyBlockedException(file.path() + ": " + file.label() + " depends on " + d + ", but "
                + d.target() + (s.failed ? " failed" : " finished") + " at "
                + (s.current == null ? "no version" : "version " + s.current.text()) + "; it cannot run");
    }

    private synchronized DependencyWaitTimeoutException timedOut(String target, MigrationFile file, Dependency d,
                                                                 boolean inRun) {
        TargetState s = states.get(d.target());
        String where;
        if (!inRun) {
            where = d.target() + " is not part of this run and is locked by another runner";
        } else if (s.waitingForLock || s.lockTimedOut) {
            where = d.target() + " is locked by another runner";
        } else {
            where = d.target() + " has not started in this run";
        }
        return new DependencyWaitTimeoutException("target " + target + " waits for " + d + " (needed by " + file.script()
                + "); " + where + ", and " + d + " did not appear in " + d.target() + "'s ledger within the lock timeout ("
                + seconds(lockTimeout) + "). Nothing of " + file.script() + " was applied or recorded; what " + target
                + " applied before it stays applied. Run migrate-all again once the other runner is done, or raise"
                + " --lock-timeout");
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
