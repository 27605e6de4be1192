package dev.weave.engine;

import dev.weave.api.MigrateAllOptions;
import dev.weave.api.MigrateAllResult.Status;
import dev.weave.api.MigrateAllResult.TargetRun;
import dev.weave.api.MigrateAllResult;
import dev.weave.api.MigrateResult;
import dev.weave.api.MigrationSummary;
import dev.weave.api.ProgressListener;
import dev.weave.api.RunStoppedException;
import dev.weave.api.WeaveConfig;
import dev.weave.config.ResolvedTarget;
import dev.weave.discovery.ResolvedMigrations;
import dev.weave.error.StoreUnreachableException;
import dev.weave.error.WeaveException;
import dev.weave.model.MigrationVersion;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Migrates many targets as one plan: every target's files and the cross-store {@code depends-on}
 * graph are checked before anything runs, then the targets run in parallel (bounded), each under its
 * own lock, a migration waiting where a dependency says so. When one target fails the others finish
 * the migration they are in and stop, unless told to keep going.
 */
public final class MigrateAllOperation {

    private final List<ResolvedTarget> allTargets;
    private final WeaveConfig config;
    private final ProgressListener listener;
    private final MigrateAllOptions options;

    public MigrateAllOperation(List<ResolvedTarget> allTargets, WeaveConfig config, ProgressListener listener,
                               MigrateAllOptions options) {
        this.allTargets = allTargets;
        this.config = config;
        this.listener = listener;
        this.options = options;
    }

    public MigrateAllResult run() {
        long start = System.nanoTime();
        Map<String, TargetContext> contexts = new LinkedHashMap<>();
        Map<String, ResolvedMigrations> files = new LinkedHashMap<>();
        for (ResolvedTarget target : allTargets) {
            TargetContext ctx = new TargetContext(target, config, listener);
            contexts.put(target.name(), ctx);
            files.put(target.name(), ctx.files());
        }
        DependencyGraph graph = DependencyGraph.build(files);
        List<TargetContext> selected = TargetSelection.select(contexts, graph, options);
        if (options.dryRun()) {
            return DryRunSchedule.plan(selected, contexts, graph, start);
        }
        RunBoard board = new RunBoard(graph, contexts, selected.stream().map(TargetContext::name)
                .collect(java.util.stream.Collectors.toSet()), options.keepGoing(), options.parallel(),
                config.lockTimeout());
        Map<String, TargetRun> runs = new ConcurrentHashMap<>();
        // A target gets its thread once it holds a run permit (taken here, in order): a fan-out over 1,000
        // databases then has --parallel threads and connections plus those waiting for a lock or a dependency
        // (which give their permit back), not a thread per target parked at the start.
        ExecutorService pool = Executors.newCachedThreadPool(daemonThreads());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (TargetContext ctx : selected) {
                board.acquire();
                futures.add(pool.submit(() -> runs.put(ctx.name(), runOne(ctx, board))));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunStoppedException("migrate-all interrupted");
        } catch (ExecutionException e) {
            throw new IllegalStateException("a target's run broke: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        List<TargetRun> ordered = selected.stream().map(c -> runs.get(c.name())).toList();
        return new MigrateAllResult(ordered, List.of(), false, MigrateOperation.millisSince(start));
    }

    private TargetRun runOne(TargetContext ctx, RunBoard board) {
        long t0 = System.nanoTime();
        List<MigrationSummary> applied = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean connected = new java.util.concurrent.atomic.AtomicBoolean();
        MigrationGate counting = new MigrationGate() {
            @Override
            public void lockAsked(String target) {
                connected.set(true); // the lock is asked for on an open connection
            }

            @Override
            public void lockTaken(String target) {
                board.lockTaken(target);
            }

            @Override
            public void lockWaitStarted(String target) {
                board.lockWaitStarted(target);
            }

            @Override
            public void lockWaitEnded(String target, boolean taken) {
                board.lockWaitEnded(target, taken);
            }

            @Override
            public void started(String target, MigrationVersion current) {
                board.started(target, current);
            }

            @Override
            public void beforeApply(String target, dev.weave.model.MigrationFile file) {
                board.beforeApply(target, file);
            }

            @Override
            public void afterApply(String target, dev.weave.model.MigrationFile file) {
                applied.add(MigrateOperation.summary(file, 0, null));
                board.afterApply(target, file);
            }
        };
        try { // the permit was taken for this target before its thread started
            MigrateResult result = new MigrateOperation(ctx, null, false, counting).run();
            board.finished(ctx.name(), null, false);
            return new TargetRun(ctx.name(), ctx.target().storeType(),
                    result.upToDate() ? Status.UP_TO_DATE : Status.APPLIED, result.initialVersion(),
                    result.finalVersion(), result.applied(), result.counts(), null, 0, MigrateOperation.millisSince(t0));
        } catch (WeaveException e) {
            // a target that could not be reached, or whose lock another runner kept, has applied nothing: the
            // targets that do not depend on it go on (those that do end BLOCKED when they get there), as one
            // missing database must not stop the others
            boolean notStarted = e instanceof StoreUnreachableException && !connected.get()
                    || e instanceof dev.weave.error.LockTimeoutException;
            board.finished(ctx.name(), e, !notStarted);
            return failed(ctx, e, applied, t0);
        } catch (RuntimeException e) {
            board.finished(ctx.name(), new InternalFailure(e), true);
            return new TargetRun(ctx.name(), ctx.target().storeType(), Status.FAILED, null, null, List.copyOf(applied),
                    null, "internal error: " + e, 1, MigrateOperation.millisSince(t0));
        } finally {
            board.release();
        }
    }

    private static TargetRun failed(TargetContext ctx, WeaveException e, List<MigrationSummary> applied, long t0) {
        Status status = e instanceof DependencyBlockedException ? Status.BLOCKED
                : e instanceof RunStoppedException ? Status.STOPPED : Status.FAILED;
        return new TargetRun(ctx.name(), ctx.target().storeType(), status, null, null, List.copyOf(applied), null,
                e.getMessage(), e.exitCode(), MigrateOperation.millisSince(t0));
    }

    /** A bug rather than a user's problem, told to the board like any failure so that the others stop. */
    private static final class InternalFailure extends WeaveException {
        InternalFailure(RuntimeException cause) {
            super("internal error: " + cause, cause);
        }

        @Override
        public dev.weave.error.ExitCode kind() {
            return dev.weave.error.ExitCode.MIGRATION_FAILED;
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        return r -> {
            Thread t = new Thread(r, "weave-target");
            t.setDaemon(true);
            return t;
        };
    }

    /** Targets in dependency order: a target others depend on starts first. */
    static Comparator<TargetContext> dependencyOrder(DependencyGraph graph) {
        return Comparator.comparingInt(ctx -> graph.targetsNeededBy(ctx.name()).size());
    }
}
