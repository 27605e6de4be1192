package dev.weave.spring.boot;

import dev.weave.api.MigrateAllOptions;
import dev.weave.api.MigrateAllResult;
import dev.weave.api.ValidateAllResult;
import dev.weave.api.ValidationResult;
import dev.weave.core.Weave;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code weave.mode=migrate}: validate (unless {@code validate-on-migrate=false}), then {@code migrate-all} over the
 * chosen targets, as {@code weave db migrate-all} would; {@code weave.mode=validate}: only check, and refuse to start
 * when a ledger and its files disagree (or, with {@code fail-on-pending}, when migrations are pending).
 */
final class DefaultMigrationStrategy implements WeaveMigrationStrategy {

    private static final Log LOG = LogFactory.getLog(DefaultMigrationStrategy.class);

    private final WeaveProperties properties;

    DefaultMigrationStrategy(WeaveProperties properties) {
        this.properties = properties;
    }

    @Override
    public void migrate(Weave weave) {
        if (properties.getMode() == WeaveProperties.Mode.VALIDATE) {
            validate(weave, !properties.isFailOnPending());
            return;
        }
        if (properties.isValidateOnMigrate()) {
            validate(weave, true);
        }
        MigrateAllResult result = weave.migrateAll(new MigrateAllOptions(excluded(), only(), properties.getParallel(),
                false, false));
        List<String> failures = new ArrayList<>();
        for (MigrateAllResult.TargetRun run : result.targets()) {
            if (run.exitCode() != 0) {
                failures.add(run.target() + ": " + (run.error() == null ? run.status().name().toLowerCase() : run.error()));
            } else {
                LOG.info("Weave: " + run.target() + " (" + run.storeType() + ") " + describe(run));
            }
        }
        if (!failures.isEmpty()) {
            throw new StartupFailedException(weave.secretMask().mask("Weave could not migrate "
                    + String.join("; ", failures)), result.exitCode());
        }
    }

    private static String describe(MigrateAllResult.TargetRun run) {
        return run.applied().isEmpty() ? "is up to date at version " + run.finalVersion()
                : run.applied().size() + " migration(s) applied, now at version " + run.finalVersion();
    }

    private void validate(Weave weave, boolean ignorePending) {
        ValidateAllResult result = weave.validateAll(excluded(), only(), ignorePending, false, null);
        List<String> problems = new ArrayList<>();
        for (ValidateAllResult.TargetValidation target : result.targets()) {
            if (target.exitCode() == 0) {
                continue;
            }
            if (target.error() != null) {
                problems.add(target.target() + ": " + target.error());
            } else if (target.result() != null) {
                for (ValidationResult.Problem p : target.result().problems()) {
                    problems.add(target.target() + ": " + p.message() + (p.advice() == null ? "" : "; " + p.advice()));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new StartupFailedException(weave.secretMask().mask("Weave validation failed, the application does not"
                    + " start: " + String.join("; ", problems)), result.exitCode());
        }
        LOG.info("Weave: " + result.targets().size() + " target(s) valid");
    }

    private Set<String> excluded() {
        return new LinkedHashSet<>(properties.getExcludeStores());
    }

    private Set<String> only() {
        return new LinkedHashSet<>(properties.getTargets());
    }
}
