package dev.weave.engine;

import dev.weave.api.MigrateAllResult.ScheduledMigration;
import dev.weave.api.MigrateAllResult.Status;
import dev.weave.api.MigrateAllResult.TargetRun;
import dev.weave.api.MigrateAllResult;
import dev.weave.api.MigrateResult;
import dev.weave.api.MigrationSummary;
import dev.weave.discovery.Dependencies.Dependency;
import dev.weave.error.WeaveException;
import dev.weave.model.MigrationVersion;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A multi-target dry run: what each target would apply, and one order of all of it that honours
 * versions and {@code depends-on} (the order a sequential run would take; a parallel run may overlap
 * independent targets).
 */
final class DryRunSchedule {

    private DryRunSchedule() {
    }

    static MigrateAllResult plan(List<TargetContext> selected, Map<String, TargetContext> all, DependencyGraph graph,
                                 long start) {
        Map<String, Deque<MigrationSummary>> queues = new LinkedHashMap<>();
        Map<String, MigrationVersion> current = new HashMap<>();
        List<TargetRun> runs = new ArrayList<>();
        for (TargetContext ctx : selected) {
            long t0 = System.nanoTime();
            try {
                MigrateResult r = new MigrateOperation(ctx, null, true).run();
                queues.put(ctx.name(), new ArrayDeque<>(r.applied()));
                current.put(ctx.name(), r.initialVersion() == null ? null : MigrationVersion.parse(r.initialVersion()));
                runs.add(new TargetRun(ctx.name(), ctx.target().storeType(),
                        r.upToDate() ? Status.UP_TO_DATE : Status.WOULD_APPLY, r.initialVersion(), r.finalVersion(),
                        r.applied(), r.counts(), null, 0, MigrateOperation.millisSince(t0)));
            } catch (WeaveException e) {
                runs.add(new TargetRun(ctx.name(), ctx.target().storeType(), Status.FAILED, null, null, List.of(), null,
                        e.getMessage(), e.exitCode(), MigrateOperation.millisSince(t0)));
            }
        }
        List<ScheduledMigration> schedule = schedule(queues, current, all, graph);
        return new MigrateAllResult(runs, schedule, true, MigrateOperation.millisSince(start));
    }

    private static List<ScheduledMigration> schedule(Map<String, Deque<MigrationSummary>> queues,
                                                     Map<String, MigrationVersion> current,
                                                     Map<String, TargetContext> all, DependencyGraph graph) {
        List<ScheduledMigration> steps = new ArrayList<>();
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Map.Entry<String, Deque<MigrationSummary>> q : queues.entrySet()) {
                while (!q.getValue().isEmpty()) {
                    MigrationSummary next = q.getValue().peek();
                    List<Dependency> deps = next.version() == null || !"versioned".equals(next.type()) ? List.of()
                            : graph.dependenciesOf(q.getKey(), MigrationVersion.parse(next.version()));
                    if (!deps.stream().allMatch(d -> satisfied(d, current, all))) {
                        break;
                    }
                    q.getValue().poll();
                    steps.add(new ScheduledMigration(steps.size() + 1, q.getKey(), next.version(), next.description(),
                            next.script(), deps.stream().map(Dependency::toString).toList()));
                    if (next.version() != null && "versioned".equals(next.type())) {
                        MigrationVersion v = MigrationVersion.parse(next.version());
                        MigrationVersion c = current.get(q.getKey());
                        current.put(q.getKey(), c == null || v.compareTo(c) > 0 ? v : c);
                    }
                    progress = true;
                }
            }
        }
        for (Map.Entry<String, Deque<MigrationSummary>> q : queues.entrySet()) {
            for (MigrationSummary blocked : q.getValue()) {
                steps.add(new ScheduledMigration(0, q.getKey(), blocked.version(), blocked.description(),
                        blocked.script(), List.of("BLOCKED: a dependency cannot be met in this run")));
            }
        }
        return steps;
    }

    private static boolean satisfied(Dependency d, Map<String, MigrationVersion> current, Map<String, TargetContext> all) {
        MigrationVersion c;
        if (current.containsKey(d.target())) {
            c = current.get(d.target());
        } else {
            c = outside(all.get(d.target()));
            current.put(d.target(), c);
        }
        return c != null && c.compareTo(d.version()) >= 0;
    }

    private static MigrationVersion outside(TargetContext ctx) {
        try {
            String v = new InspectOperations(ctx).info().currentVersion();
            return v == null ? null : MigrationVersion.parse(v);
        } catch (WeaveException e) {
            return null;
        }
    }
}
