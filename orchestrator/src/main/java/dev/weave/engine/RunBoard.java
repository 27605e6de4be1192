package dev.weave.engine;

import dev.weave.api.RunStoppedException;
import dev.weave.discovery.Dependencies.Dependency;
import dev.weave.model.MigrationFile;
import dev.weave.model.MigrationKind;
import dev.weave.model.MigrationVersion;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * The shared state of a multi-target run: where each target stands, and who may run. A migration that
 * depends on another target's version waits here until that version is applied; while it waits it
 * gives its run permit back, and so does a target waiting for its lock (which another runner may hold),
 * so a bounded {@code --parallel} can never deadlock on waiting targets, within one run or across runs.
 */
final class RunBoard implements MigrationGate {

    private static final class TargetState {
        MigrationVersion current;
        boolean started;
        boolean finished;
        boolean failed;
    }

    private final DependencyGraph graph;
    private final Set<String> running;
    private final boolean keepGoing;
    private final Semaphore permits;
    private final Function<String, MigrationVersion> currentOutsideRun;
    private final Map<String, TargetState> states = new HashMap<>();
    private String stopReason;

    /**
     * @param currentOutsideRun reads the current version of a target that is not part of this run (a
     *                          dependency may name one); null when the target cannot tell
     */
    RunBoard(DependencyGraph graph, Set<String> running, boolean keepGoing, int parallel,
             Function<String, MigrationVersion> currentOutsideRun) {
        this.graph = graph;
        this.running = Set.copyOf(running);
        this.keepGoing = keepGoing;
        this.permits = new Semaphore(parallel, true);
        this.currentOutsideRun = currentOutsideRun;
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
        permits.release();
    }

    /** Taken or given up, the target needs a permit again before it goes on (its run releases it at the end). */
    @Override
    public void lockWaitEnded(String target) {
        permits.acquireUninterruptibly();
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

    synchronized void finished(String target, boolean failed, String reason) {
        TargetState s = states.get(target);
        s.finished = true;
        s.failed = failed;
        if (failed && !keepGoing && stopReason == null) {
            stopReason = target + " failed: " + reason;
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
        if (!running.contains(d.target())) {
            MigrationVersion current = currentOutsideRun.apply(d.target());
            if (current == null || current.compareTo(d.version()) < 0) {
                throw new DependencyBlockedException(file.path() + ": " + file.label() + " depends on " + d + ", but " + d.target()
                        + " is not part of this run and is at " + (current == null ? "no version" : "version " + current.text())
                        + "; migrate " + d.target() + " first or include it in the run");
            }
            return;
        }
        synchronized (this) {
            while (true) {
                TargetState s = states.get(d.target());
                if (s.started && s.current != null && s.current.compareTo(d.version()) >= 0) {
                    return;
                }
                if (s.finished) {
                    throw new DependencyBlockedException(file.path() + ": " + file.label() + " depends on " + d + ", but "
                            + d.target() + (s.failed ? " failed" : " finished") + " at "
                            + (s.current == null ? "no version" : "version " + s.current.text()) + "; it cannot run");
                }
                checkNotStopped(target);
                try {
                    wait(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RunStoppedException("target " + target + " interrupted while waiting for " + d);
                }
            }
        }
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
