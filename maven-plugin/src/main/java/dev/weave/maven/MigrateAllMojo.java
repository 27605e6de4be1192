package dev.weave.maven;

import dev.weave.api.MigrateAllOptions;
import dev.weave.api.MigrateAllResult;
import dev.weave.api.MigrateAllResult.ScheduledMigration;
import dev.weave.api.MigrateAllResult.TargetRun;
import dev.weave.api.MigrationCounts;
import dev.weave.core.Weave;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code weave db migrate-all}: every target as one plan, targets in parallel, cross-store {@code depends-on}
 * honoured, then the summary table. A target that did not finish fails the build with the worst exit code.
 */
@Mojo(name = "migrate-all", threadSafe = true, requiresProject = true)
public class MigrateAllMojo extends AbstractWeaveMojo {

    /** Store types to leave out, e.g. neo4j (the CLI's {@code --no-include-<store>}). */
    @Parameter(property = "weave.excludeStores")
    List<String> excludeStores = new ArrayList<>();

    /** Only these targets (a fan-out name picks its whole group). */
    @Parameter(property = "weave.only")
    List<String> only = new ArrayList<>();

    /** How many targets migrate at the same time. */
    @Parameter(property = "weave.parallel", defaultValue = "4")
    int parallel = 4;

    /** When a target fails, let the others go on instead of stopping them after the migration they are in. */
    @Parameter(property = "weave.keepGoing", defaultValue = "false")
    boolean keepGoing;

    /** Log the plan across all targets and change nothing. */
    @Parameter(property = "weave.dryRun", defaultValue = "false")
    boolean dryRun;

    @Override
    Outcome run(Weave weave) {
        if (parallel < 1) {
            throw new dev.weave.error.ConfigurationException("parallel must be at least 1, got " + parallel);
        }
        MigrateAllResult result = weave.migrateAll(new MigrateAllOptions(names(excludeStores), names(only), parallel,
                keepGoing, dryRun));
        if (dryRun) {
            printSchedule(result);
        } else if (result.targets().stream().anyMatch(t -> !t.applied().isEmpty())) {
            info("");
        }
        List<List<String>> rows = new ArrayList<>();
        for (TargetRun t : result.targets()) {
            MigrationCounts c = t.counts();
            rows.add(List.of(t.target(), t.storeType(), t.status().name(), Text.orDash(t.initialVersion()),
                    Text.orDash(t.finalVersion()), String.valueOf(t.applied().size()), c == null ? "-" : skipped(c),
                    c == null ? "-" : String.valueOf(c.total()), t.millis() + " ms"));
        }
        Text.table(List.of("Target", "Store", "Status", "From", "To", result.dryRun() ? "Would apply" : "Applied",
                "Skipped", "Total", "Time"), rows).forEach(this::info);
        List<String> errors = new ArrayList<>();
        for (TargetRun t : result.targets()) {
            if (t.error() != null) {
                info("");
                error(t.target() + ": " + t.error());
                errors.add(t.target() + ": " + t.error());
            }
        }
        info("");
        int failed = (int) result.targets().stream().filter(t -> t.exitCode() != 0).count();
        String targets = result.targets().size() + " target" + (result.targets().size() == 1 ? "" : "s");
        if (failed == 0) {
            info("migrate-all: ok, " + targets + ": " + result.counts().describe(result.dryRun())
                    + " (" + result.totalMillis() + " ms)");
            return Outcome.OK;
        }
        // a target that did not finish has no counts, only what it applied (that stays in its ledger)
        int applied = result.targets().stream().mapToInt(t -> t.applied().size()).sum();
        String summary = "migrate-all: " + failed + " of " + targets + " did not finish, " + applied + " migration"
                + (applied == 1 ? "" : "s") + (result.dryRun() ? " would be applied" : " applied");
        error(summary + " (" + result.totalMillis() + " ms)");
        return new Outcome(result.exitCode(), summary + (errors.isEmpty() ? "" : ": " + String.join("; ", errors)));
    }

    private void printSchedule(MigrateAllResult r) {
        long steps = r.schedule().stream().filter(s -> s.step() > 0).count();
        info("Dry run: " + steps + " migration" + (steps == 1 ? "" : "s") + " would run, nothing was changed");
        for (ScheduledMigration s : r.schedule()) {
            String label = (s.version() == null ? "R " : "V" + s.version() + " ") + s.description();
            String after = s.after().isEmpty() ? "" : "  (after " + String.join(", ", s.after()) + ")";
            info((s.step() == 0 ? "   -" : String.format("%4d", s.step())) + ". " + s.target() + " " + label + after);
        }
        info("");
    }

    /** Already applied ones; anything else that did not run is named beside them. */
    private static String skipped(MigrationCounts c) {
        List<String> others = c.notRun().stream().filter(p -> !p.contains("skipped")).toList();
        return c.alreadyApplied() + (others.isEmpty() ? "" : ", " + String.join(", ", others));
    }

    static Set<String> names(List<String> items) {
        Set<String> out = new LinkedHashSet<>();
        if (items != null) {
            for (String item : items) {
                if (item != null) {
                    for (String part : item.split(",")) {
                        if (!part.isBlank()) {
                            out.add(part.trim());
                        }
                    }
                }
            }
        }
        return out;
    }
}
