package dev.weave.maven;

import dev.weave.api.ValidationResult;
import dev.weave.core.Weave;
import dev.weave.error.ExitCode;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** {@code weave db validate <target>}: the target's ledger against its files; problems fail the build (exit 3). */
@Mojo(name = "validate", threadSafe = true, requiresProject = true)
public class ValidateMojo extends AbstractWeaveMojo {

    /** The target: a database folder under the migrations location, or a name from weave.yaml. */
    @Parameter(property = "weave.target", required = true)
    String target;

    /** Pending migrations are not a problem. */
    @Parameter(property = "weave.ignorePending", defaultValue = "false")
    boolean ignorePending;

    @Override
    Outcome run(Weave weave) {
        weave.requireOverridesReadBy(target);
        ValidationResult result = weave.validate(target, ignorePending);
        Text.validation(result).forEach(result.isValid() ? this::info : this::error);
        if (result.isValid()) {
            return Outcome.OK;
        }
        return new Outcome(ExitCode.VALIDATION_PROBLEMS.code(), result.target() + ": " + result.problems().size()
                + " problem" + (result.problems().size() == 1 ? "" : "s") + ": "
                + String.join("; ", result.problems().stream().map(p -> p.kind() + " " + p.message()).toList()));
    }
}
