package dev.weave.maven;

import dev.weave.api.MigrateResult;
import dev.weave.api.MigrationSummary;
import dev.weave.api.WeaveConfig;
import dev.weave.core.Weave;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** {@code weave db migrate <target>}: applies the pending migrations of one target. */
@Mojo(name = "migrate", threadSafe = true, requiresProject = true)
public class MigrateMojo extends AbstractWeaveMojo {

    /** The target: a database folder under the migrations location, or a name from weave.yaml. */
    @Parameter(property = "weave.target", required = true)
    String target;

    /** Migrate no further than this version (the CLI's {@code --target V}). */
    @Parameter(property = "weave.targetVersion")
    String targetVersion;

    /** Log exactly what would run (placeholders substituted) and change nothing. */
    @Parameter(property = "weave.dryRun", defaultValue = "false")
    boolean dryRun;

    /** Apply pending versions lower than the current one instead of refusing. */
    @Parameter(property = "weave.outOfOrder", defaultValue = "false")
    boolean outOfOrder;

    @Override
    void configure(WeaveConfig.Builder builder) {
        if (outOfOrder) {
            builder.outOfOrder(true);
        }
    }

    @Override
    Outcome run(Weave weave) {
        weave.requireOverridesReadBy(target); // every parameter of a one-target goal is meant for that target
        MigrateResult result = weave.migrate(target, blankToNull(targetVersion), dryRun);
        if (dryRun) {
            printDryRun(result);
        } else {
            info(Text.migrateSummary(result));
        }
        return Outcome.OK;
    }

    private void printDryRun(MigrateResult r) {
        if (r.applied().isEmpty()) {
            info(r.target() + ": dry run, up to date at " + (r.finalVersion() == null ? "no version" : "version " + r.finalVersion())
                    + "; nothing would run");
            return;
        }
        info(r.target() + ": dry run, " + r.applied().size() + " migration" + (r.applied().size() == 1 ? "" : "s")
                + " would run, nothing was changed");
        for (MigrationSummary m : r.applied()) {
            info("");
            info("-- " + m.script() + " (" + m.type() + (m.version() == null ? "" : " " + m.version()) + ": " + m.description() + ")");
            info(m.text().stripTrailing());
        }
        info("");
        info(r.target() + ": would go from " + (r.initialVersion() == null ? "an empty ledger" : "version " + r.initialVersion())
                + " to " + (r.finalVersion() == null ? "no version" : "version " + r.finalVersion()));
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
