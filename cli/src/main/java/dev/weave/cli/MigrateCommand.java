package dev.weave.cli;

import dev.weave.api.MigrateResult;
import dev.weave.api.MigrationSummary;
import dev.weave.api.ProgressListener;
import dev.weave.core.Weave;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "migrate", description = "Apply the pending migrations of one target.")
final class MigrateCommand extends TargetCommand {

    @Option(names = "--target", paramLabel = "VERSION", description = "Migrate no further than this version.")
    String targetVersion;

    @Option(names = "--dry-run", description = "Print exactly what would run (placeholders substituted) and change nothing.")
    boolean dryRun;

    @Option(names = "--out-of-order", description = "Apply pending versions lower than the current one instead of refusing.")
    boolean outOfOrder;

    MigrateCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int run(Weave weave, Output out) {
        if (outOfOrder) {
            weave = Weave.create(weave.config().toBuilder().outOfOrder(true).build());
        }
        MigrateResult result = weave.withListener(progress(out)).migrate(target, targetVersion, dryRun);
        if (out.json()) {
            out.json(result);
        } else if (dryRun) {
            printDryRun(out, result);
        } else {
            out.line(summary(out, result));
        }
        return 0;
    }

    /**
     * "app: 3 applied, 2 skipped (already applied), 5 total; now at version 5 (120 ms)", or when nothing ran
     * "app: up to date at version 5; 0 applied, 5 skipped (already applied), 5 total".
     */
    static String summary(Output out, MigrateResult r) {
        String at = r.finalVersion() == null ? "no version" : "version " + r.finalVersion();
        if (r.upToDate()) {
            return out.green(r.target() + ": up to date") + " at " + at + "; " + r.counts().describe(false);
        }
        return out.green(r.target() + ": " + r.counts().describe(false)) + "; now at " + at + " (" + r.totalMillis() + " ms)";
    }

    private static void printDryRun(Output out, MigrateResult r) {
        if (r.applied().isEmpty()) {
            out.line(r.target() + ": dry run, up to date at " + (r.finalVersion() == null ? "no version" : "version " + r.finalVersion())
                    + "; nothing would run");
            return;
        }
        out.line(out.bold(r.target() + ": dry run, " + r.applied().size() + " migration"
                + (r.applied().size() == 1 ? "" : "s") + " would run, nothing was changed"));
        for (MigrationSummary m : r.applied()) {
            out.line("");
            out.line("-- " + m.script() + " (" + m.type() + (m.version() == null ? "" : " " + m.version()) + ": " + m.description() + ")");
            out.line(m.text().stripTrailing());
        }
        out.line("");
        out.line(r.target() + ": would go from " + (r.initialVersion() == null ? "an empty ledger" : "version " + r.initialVersion())
                + " to " + (r.finalVersion() == null ? "no version" : "version " + r.finalVersion()));
    }

    /** One line per migration as it completes: "  app [2/5] V2 create documents (10 ms)". */
    static ProgressListener progress(Output out) {
        return new ProgressListener() {
            // targets of a migrate-all report from their own threads
            private final java.util.Map<String, String> position = new java.util.concurrent.ConcurrentHashMap<>();

            @Override
            public void applying(String target, String label, int index, int count) {
                position.put(target, "[" + index + "/" + count + "] ");
            }

            @Override
            public void migration(dev.weave.api.MigrationEvent e) {
                if (out.jsonLog()) {
                    java.util.Map<String, Object> event = new java.util.LinkedHashMap<>();
                    event.put("event", "migration");
                    event.put("target", e.target());
                    event.put("store", e.storeType());
                    event.put("version", e.version());
                    event.put("script", e.script());
                    event.put("description", e.description());
                    event.put("outcome", e.outcome().name());
                    event.put("millis", e.millis());
                    event.put("message", e.message());
                    out.event(event);
                }
            }

            @Override
            public void applied(String target, String label, long millis) {
                if (out.jsonLog()) {
                    return;
                }
                out.progress("  " + target + " " + position.getOrDefault(target, "") + label + " (" + millis + " ms)");
            }

            @Override
            public void warning(String target, String label, String message) {
                out.progress("  " + target + " " + label + " " + out.yellow("warning") + ": " + message);
            }

            @Override
            public void failed(String target, String label, String message) {
                if (out.jsonLog()) {
                    return;
                }
                out.progress("  " + target + " " + position.getOrDefault(target, "") + label + " " + out.red("FAILED"));
            }

            @Override
            public void notice(String target, String message) {
                out.progress("  " + target + ": " + message);
            }

            // when the last wait line of each target was printed, so a minute's wait is a few lines, not 120
            private final java.util.Map<String, Long> lastWaitLine = new java.util.concurrent.ConcurrentHashMap<>();

            @Override
            public void waiting(String target, String store, String address, int attempt, java.time.Duration waited,
                                java.time.Duration limit, String problem) {
                if (out.json()) {
                    java.util.Map<String, Object> event = new java.util.LinkedHashMap<>();
                    event.put("event", "waiting");
                    event.put("target", target);
                    event.put("store", store);
                    event.put("address", address);
                    event.put("attempt", attempt);
                    event.put("waitedSeconds", waited.toMillis() / 1000.0);
                    event.put("limitSeconds", limit.toMillis() / 1000.0);
                    event.put("problem", problem);
                    out.event(event);
                    return;
                }
                long gap = out.terminal() ? 5_000 : 10_000;
                Long last = lastWaitLine.get(target);
                if (last != null && waited.toMillis() - last < gap) {
                    return;
                }
                lastWaitLine.put(target, waited.toMillis());
                out.progress("  " + target + ": waiting for " + store + " at " + address + " (attempt " + attempt + ", "
                        + waited.toSeconds() + " s of " + limit.toSeconds() + " s): " + problem);
            }
        };
    }
}
