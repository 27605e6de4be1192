package dev.weave.maven;

import dev.weave.api.ValidateAllResult;
import dev.weave.api.ValidateAllResult.TargetValidation;
import dev.weave.core.Weave;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code weave db validate-all}, for CI: every target's ledger against its files, or with {@code offline} the files
 * against the committed weave.sum with no database at all. Any problem fails the build with the worst exit code.
 */
@Mojo(name = "validate-all", threadSafe = true, requiresProject = true)
public class ValidateAllMojo extends AbstractWeaveMojo {

    /** Check the files against the committed weave.sum; needs no database. */
    @Parameter(property = "weave.offline", defaultValue = "false")
    boolean offline;

    /** Pending migrations are not a problem. */
    @Parameter(property = "weave.ignorePending", defaultValue = "false")
    boolean ignorePending;

    /** The sum file of {@code offline} (default: weave.sum in the project's folder). */
    @Parameter(property = "weave.sumFile", defaultValue = "${project.basedir}/weave.sum")
    File sumFile;

    /** Store types to leave out, e.g. neo4j (the CLI's {@code --no-include-<store>}). */
    @Parameter(property = "weave.excludeStores")
    List<String> excludeStores = new ArrayList<>();

    /** Only these targets (a fan-out name picks its whole group). */
    @Parameter(property = "weave.only")
    List<String> only = new ArrayList<>();

    @Override
    Outcome run(Weave weave) {
        Path sum = workingDirectory().resolve(sumFile.toPath());
        ValidateAllResult result = weave.validateAll(MigrateAllMojo.names(excludeStores), MigrateAllMojo.names(only),
                ignorePending, offline, sum);
        List<String> problems = new ArrayList<>();
        for (TargetValidation t : result.targets()) {
            if (t.result() != null) {
                List<String> lines = Text.validation(t.result());
                lines.forEach(t.exitCode() == 0 ? this::info : this::error);
                if (t.exitCode() != 0) {
                    problems.add(String.join(" ", lines.stream().map(String::strip).toList()));
                }
            } else {
                String line = t.target() + ": not checked (exit " + t.exitCode() + "): " + t.error();
                error(line);
                problems.add(line);
            }
        }
        long bad = result.targets().stream().filter(t -> t.exitCode() != 0).count();
        String against = result.offline() ? " (offline, against " + relative(sum) + ")" : "";
        info("");
        if (bad == 0) {
            info("validate-all: ok" + against);
            return Outcome.OK;
        }
        String summary = "validate-all: " + bad + " of " + result.targets().size() + " targets have problems" + against;
        error(summary);
        return new Outcome(result.exitCode(), summary + ": " + String.join("; ", problems));
    }
}
