package dev.weave.engine;

import dev.weave.discovery.Dependencies.Dependency;
import dev.weave.discovery.Dependencies;
import dev.weave.discovery.ResolvedMigrations;
import dev.weave.error.ConfigurationException;
import dev.weave.error.MigrationSourceException;
import dev.weave.model.MigrationFile;
import dev.weave.model.MigrationVersion;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The cross-store ordering of all targets' versioned migrations: each version comes after the one
 * before it in its own target and after every {@code depends-on} it declares. Checked as a whole before
 * anything runs: a dependency on an unknown target or version, or a cycle, is refused with the files
 * that make it.
 */
public final class DependencyGraph {

    /** A versioned migration of one target: a node of the graph. */
    public record Node(String target, MigrationVersion version) {
        @Override
        public String toString() {
            return target + ":" + version.text();
        }
    }

    private final Map<String, Map<MigrationVersion, List<Dependency>>> dependencies;
    private final Map<Node, MigrationFile> files;

    private DependencyGraph(Map<String, Map<MigrationVersion, List<Dependency>>> dependencies, Map<Node, MigrationFile> files) {
        this.dependencies = dependencies;
        this.files = files;
    }

    /** @param targets every target's files, including targets left out of this run */
    public static DependencyGraph build(Map<String, ResolvedMigrations> targets) {
        Map<String, Map<MigrationVersion, List<Dependency>>> deps = new LinkedHashMap<>();
        Map<Node, MigrationFile> files = new HashMap<>();
        for (Map.Entry<String, ResolvedMigrations> t : targets.entrySet()) {
            Map<MigrationVersion, List<Dependency>> byVersion = new LinkedHashMap<>();
            for (MigrationFile file : t.getValue().versioned()) {
                files.put(new Node(t.getKey(), file.version()), file);
                List<Dependency> declared = Dependencies.of(file);
                for (Dependency d : declared) {
                    check(targets, t.getKey(), file, d);
                }
                if (!declared.isEmpty()) {
                    byVersion.put(file.version(), declared);
                }
            }
            for (MigrationFile file : t.getValue().repeatables()) {
                List<Dependency> declared = Dependencies.of(file); // would be ignored: refuse rather than mislead
                if (!declared.isEmpty()) {
                    throw new MigrationSourceException(file.path(), declared.get(0).line(), "depends-on: only versioned"
                            + " migrations can wait for another target; a repeatable runs after all versioned ones of its"
                            + " target: move the dependency to a V file, or remove it");
                }
            }
            deps.put(t.getKey(), byVersion);
        }
        DependencyGraph graph = new DependencyGraph(deps, files);
        graph.refuseCycles(targets);
        return graph;
    }

    /** What a version of a target waits for; empty for most migrations. */
    public List<Dependency> dependenciesOf(String target, MigrationVersion version) {
        return dependencies.getOrDefault(target, Map.of()).getOrDefault(version, List.of());
    }

    /** The targets some migration of {@code target} depends on. */
    public Set<String> targetsNeededBy(String target) {
        Set<String> out = new TreeSet<>();
        dependencies.getOrDefault(target, Map.of()).values().forEach(list -> list.forEach(d -> out.add(d.target())));
        out.remove(target);
        return out;
    }

    public boolean isEmpty() {
        return dependencies.values().stream().allMatch(Map::isEmpty);
    }

    private static void check(Map<String, ResolvedMigrations> targets, String target, MigrationFile file, Dependency d) {
        ResolvedMigrations other = targets.get(d.target());
        if (other == null) {
            throw new MigrationSourceException(file.path(), d.line(), "depends-on: " + d + " names an unknown target '"
                    + d.target() + "'; known targets: " + String.join(", ", new TreeSet<>(targets.keySet())));
        }
        boolean exists = other.versioned().stream().anyMatch(f -> f.version().equals(d.version()));
        if (!exists) {
            throw new MigrationSourceException(file.path(), d.line(), "depends-on: " + d + " names a version that "
                    + d.target() + " does not have; its versions end at "
                    + (other.versioned().isEmpty() ? "(none)" : other.versioned().get(other.versioned().size() - 1).version().text()));
        }
        if (d.target().equals(target) && d.version().compareTo(file.version()) >= 0) {
            throw new MigrationSourceException(file.path(), d.line(), "depends-on: " + d
                    + " names its own target at the same or a later version, which can never run first");
        }
    }

    /** Depth-first search over "runs after" edges; a back edge is a cycle, reported with its path. */
    private void refuseCycles(Map<String, ResolvedMigrations> targets) {
        Map<Node, List<Node>> edges = new HashMap<>();
        for (Map.Entry<String, ResolvedMigrations> t : targets.entrySet()) {
            List<MigrationFile> versioned = t.getValue().versioned();
            for (int i = 0; i < versioned.size(); i++) {
                Node node = new Node(t.getKey(), versioned.get(i).version());
                List<Node> after = new ArrayList<>();
                if (i > 0) {
                    after.add(new Node(t.getKey(), versioned.get(i - 1).version()));
                }
                for (Dependency d : dependenciesOf(t.getKey(), node.version())) {
                    after.add(new Node(d.target(), d.version()));
                }
                edges.put(node, after);
            }
        }
        if (isEmpty()) {
            return;
        }
        Map<Node, Integer> state = new HashMap<>(); // 1 on the current path, 2 done
        for (Node start : edges.keySet()) {
            if (state.containsKey(start)) {
                continue;
            }
            Deque<Node> path = new ArrayDeque<>();
            Deque<java.util.Iterator<Node>> iterators = new ArrayDeque<>();
            path.push(start);
            iterators.push(edges.getOrDefault(start, List.of()).iterator());
            state.put(start, 1);
            while (!path.isEmpty()) {
                java.util.Iterator<Node> it = iterators.peek();
                if (it.hasNext()) {
                    Node next = it.next();
                    Integer s = state.get(next);
                    if (s == null) {
                        state.put(next, 1);
                        path.push(next);
                        iterators.push(edges.getOrDefault(next, List.of()).iterator());
                    } else if (s == 1) {
                        throw cycle(path, next);
                    }
                } else {
                    state.put(path.pop(), 2);
                    iterators.pop();
                }
            }
        }
    }

    private ConfigurationException cycle(Deque<Node> path, Node back) {
        List<Node> onPath = new ArrayList<>(path);
        java.util.Collections.reverse(onPath);
        List<Node> loop = new ArrayList<>(onPath.subList(onPath.indexOf(back), onPath.size()));
        loop.add(back);
        StringBuilder sb = new StringBuilder("depends-on declarations form a cycle, so none of these can run first: ");
        for (int i = 0; i < loop.size(); i++) {
            sb.append(i == 0 ? "" : " needs ").append(loop.get(i));
        }
        sb.append(". The files involved:");
        for (Node n : new java.util.LinkedHashSet<>(loop)) {
            MigrationFile f = files.get(n);
            if (f != null && !dependenciesOf(n.target(), n.version()).isEmpty()) {
                sb.append("\n  ").append(f.path());
            }
        }
        sb.append("\nRemove or change one of those depends-on lines.");
        return new ConfigurationException(sb.toString());
    }
}
