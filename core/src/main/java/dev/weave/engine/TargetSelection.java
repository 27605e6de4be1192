package dev.weave.engine;

import dev.weave.api.MigrateAllOptions;
import dev.weave.error.ConfigurationException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Which targets a multi-target run takes: all, less the excluded store types, or only the named ones. */
final class TargetSelection {

    private TargetSelection() {
    }

    static List<TargetContext> select(Map<String, TargetContext> all, DependencyGraph graph, MigrateAllOptions options) {
        for (String name : options.only()) {
            if (all.values().stream().noneMatch(c -> c.target().answersTo(name))) {
                throw new ConfigurationException("--only " + name + ": unknown target; known targets: "
                        + String.join(", ", new TreeSet<>(all.keySet())));
            }
        }
        List<TargetContext> selected = new ArrayList<>();
        for (TargetContext ctx : all.values()) {
            boolean excluded = options.excludedStores().contains(ctx.target().storeType());
            boolean named = options.only().isEmpty() || options.only().stream().anyMatch(ctx.target()::answersTo);
            if (!excluded && named) {
                selected.add(ctx);
            }
        }
        if (selected.isEmpty()) {
            throw new ConfigurationException("no targets left to migrate: " + (all.isEmpty()
                    ? "none were found" : "every target was left out by --only or --no-include-*"));
        }
        selected.sort(MigrateAllOperation.dependencyOrder(graph));
        return selected;
    }
}
