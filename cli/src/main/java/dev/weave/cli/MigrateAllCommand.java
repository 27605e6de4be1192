package dev.weave.cli;

import dev.weave.api.MigrateAllOptions;
import dev.weave.api.MigrateAllResult.ScheduledMigration;
import dev.weave.api.MigrateAllResult.TargetRun;
import dev.weave.api.MigrateAllResult;
import dev.weave.api.MigrationCounts;
import dev.weave.core.Weave;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

@Command(name = "migrate-all", description = "Migrate every target as one plan: stores in parallel, cross-store depends-on honoured.")
final class MigrateAllCommand extends MultiTargetCommand {

    @Option(names = "--parallel", paramLabel = "N", description = "How many targets migrate at the same time (default: 4).")
    int parallel = 4;

    @Option(names = "--keep-going", description = "When a target fails, let the others go on instead of stopping them after the migration they are in.")
    boolean keepGoing;

    @Option(names = "--dry-run", description = "Print the plan across all targets and change nothing.")
    boolean dryRun;

    MigrateAllCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        Output out = new Output(ctx, options.json);
        Weave weave = options.weave(ctx).withListener(MigrateCommand.progress(out));
        MigrateAllOptions runOptions = new MigrateAllOptions(excludedStores(), only(),
                parallel, keepGoing, dryRun);
        MigrateAllResult result = weave.migrateAll(runOptions);
        if (out.json()) {
            out.json(result);
        } else {
            if (dryRun) {
                printSchedule(out, result);
            } else if (result.targets().stream().anyMatch(t -> !t.applied().isEmpty())) {
                out.line("");
            }
            printSummary(out, result);
        }
        return result.exitCode();
    }

    private static void printSchedule(Output out, MigrateAllResult r) {
        long steps = r.schedule().stream().filter(s -> s.step() > 0).count();
        out.line(out.bold("Dry run: " + steps + " migration" + (steps == 1 ? "" : "s") + " would run, nothing was changed"));
        for (ScheduledMigration s : r.schedule()) {
            String label = (s.version() == null ? "R " : "V" + s.version() + " ") + s.description();
            String after = s.after().isEmpty() ? "" : "  (after " + String.join(", ", s.after()) + ")";
            out.line((s.step() == 0 ? "   -" : String.format("%4d", s.step())) + ". " + s.target() + " " + label + after);
        }
        out.line("");
    }

    static void printSummary(Output out, MigrateAllResult r) {
        List<List<String>> rows = new ArrayList<>();
        int failed = 0;
        for (TargetRun t : r.targets()) {
            failed += t.exitCode() == 0 ? 0 : 1;
            MigrationCounts c = t.counts();
            rows.add(List.of(t.target(), t.storeType(), status(out, t), orDash(t.initialVersion()), orDash(t.finalVersion()),
                    String.valueOf(t.applied().size()), c == null ? "-" : skipped(c),
                    c == null ? "-" : String.valueOf(c.total()), t.millis() + " ms"));
        }
        out.line(out.table(List.of("Target", "Store", "Status", "From", "To", r.dryRun() ? "Would apply" : "Applied",
                "Skipped", "Total", "Time"), rows));
        for (TargetRun t : r.targets()) {
            if (t.error() != null) {
                out.line("");
                out.line(out.red(t.target() + ": ") + t.error());
            }
        }
        out.line("");
        String targets = r.targets().size() + " target" + (r.targets().size() == 1 ? "" : "s");
        if (failed == 0) {
            out.line(out.green("migrate-all: ok") + ", " + targets + ": " + r.counts().describe(r.dryRun())
                    + " (" + r.totalMillis() + " ms)");
        } else {
            // a target that did not finish has no counts, only what it applied (that stays in its ledger)
            int applied = r.targets().stream().mapToInt(t -> t.applied().size()).sum();
            out.line(out.red("migrate-all: " + failed + " of " + targets + " did not finish") + ", " + applied
                    + " migration" + (applied == 1 ? "" : "s") + (r.dryRun() ? " would be applied" : " applied")
                    + " (" + r.totalMillis() + " ms)");
        }
    }

    /** Already applied ones; anything else that did not run is named beside them. */
    private static String skipped(MigrationCounts c) {
        List<String> others = c.notRun().stream().filter(p -> !p.contains("skipped")).toList();
        return c.alreadyApplied() + (others.isEmpty() ? "" : ", " + String.join(", ", others));
    }

    private static String status(Output out, TargetRun t) {
        String s = t.status().name();
        return switch (t.status()) {
            case APPLIED, UP_TO_DATE -> out.green(s);
            case WOULD_APPLY -> out.yellow(s);
            default -> out.red(s);
        };
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }
}
