package dev.weave.api;

import dev.weave.error.ConfigurationException;

import java.util.Set;

/**
 * How {@code Weave.migrateAll(MigrateAllOptions)} runs.
 *
 * @param excludedStores store types left out (e.g. {@code --no-include-neo4j})
 * @param only           when not empty, only these targets
 * @param parallel       how many targets migrate at the same time (at least 1)
 * @param keepGoing      when a target fails, let the others finish instead of stopping them after the
 *                       migration they are in
 * @param dryRun         plan and print, change nothing
 */
public record MigrateAllOptions(Set<String> excludedStores, Set<String> only, int parallel, boolean keepGoing,
                                boolean dryRun) {

    public MigrateAllOptions {
        excludedStores = Set.copyOf(excludedStores);
        only = Set.copyOf(only);
        if (parallel < 1) {
            throw new ConfigurationException("--parallel must be at least 1, got " + parallel);
        }
    }

    public static MigrateAllOptions defaults() {
        return new MigrateAllOptions(Set.of(), Set.of(), 4, false, false);
    }
}
