package dev.weave.engine;

import dev.weave.api.MigrateAllOptions;
import dev.weave.api.ValidateAllResult.TargetValidation;
import dev.weave.api.ValidateAllResult;
import dev.weave.api.ValidationResult;
import dev.weave.api.WeaveConfig;
import dev.weave.config.ResolvedTarget;
import dev.weave.discovery.ResolvedMigrations;
import dev.weave.error.ExitCode;
import dev.weave.error.WeaveException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code validate-all}, for CI: every target's ledger against its files, or with {@code offline} every
 * target's files against the committed {@code weave.sum}, with no database at all. The cross-store
 * {@code depends-on} graph is checked either way.
 */
public final class ValidateAllOperation {

    private final List<ResolvedTarget> allTargets;
    private final WeaveConfig config;
    private final dev.weave.api.ProgressListener listener;

    public ValidateAllOperation(List<ResolvedTarget> allTargets, WeaveConfig config) {
        this(allTargets, config, dev.weave.api.ProgressListener.NONE);
    }

    /** @param listener hears about waits for a server ({@code --wait}) */
    public ValidateAllOperation(List<ResolvedTarget> allTargets, WeaveConfig config, dev.weave.api.ProgressListener listener) {
        this.allTargets = allTargets;
        this.config = config;
        this.listener = listener;
    }

    /** @param sumFile the weave.sum to check against when offline; ignored otherwise */
    public ValidateAllResult run(Set<String> excludedStores, Set<String> only, boolean ignorePending, boolean offline,
                                 Path sumFile) {
        Map<String, TargetContext> contexts = new LinkedHashMap<>();
        Map<String, ResolvedMigrations> files = new LinkedHashMap<>();
        for (ResolvedTarget target : allTargets) {
            TargetContext ctx = new TargetContext(target, config, listener);
            contexts.put(target.name(), ctx);
            files.put(target.name(), ctx.files());
        }
        DependencyGraph graph = DependencyGraph.build(files);
        List<TargetContext> selected = TargetSelection.select(contexts, graph,
                new MigrateAllOptions(excludedStores, only, 1, true, false));
        selected.sort(java.util.Comparator.comparing(TargetContext::name));
        Map<String, String> sum = offline ? SumFile.read(sumFile) : Map.of();
        List<TargetValidation> out = new ArrayList<>();
        for (TargetContext ctx : selected) {
            if (offline) {
                List<ValidationResult.Problem> problems = SumFile.check(ctx.name(), ctx.files().versioned(), sum, sumFile);
                ValidationResult r = new ValidationResult(ctx.name(), ctx.target().storeType(),
                        problems.isEmpty() ? ValidationResult.Outcome.VALID : ValidationResult.Outcome.INVALID,
                        problems, 0, 0);
                out.add(new TargetValidation(ctx.name(), ctx.target().storeType(), r, null,
                        r.isValid() ? 0 : ExitCode.VALIDATION_PROBLEMS.code()));
                continue;
            }
            try {
                ValidationResult r = new InspectOperations(ctx).validate(ignorePending);
                out.add(new TargetValidation(ctx.name(), ctx.target().storeType(), r, null,
                        r.isValid() ? 0 : ExitCode.VALIDATION_PROBLEMS.code()));
            } catch (WeaveException e) {
                out.add(new TargetValidation(ctx.name(), ctx.target().storeType(), null, e.getMessage(), e.exitCode()));
            }
        }
        return new ValidateAllResult(List.copyOf(out), offline);
    }

    /** Writes weave.sum for every target; returns how many files it lists. */
    public int writeSum(Path sumFile) {
        Map<String, List<dev.weave.model.MigrationFile>> versioned = new LinkedHashMap<>();
        Map<String, ResolvedMigrations> files = new LinkedHashMap<>();
        for (ResolvedTarget target : allTargets) {
            ResolvedMigrations resolved = new TargetContext(target, config, dev.weave.api.ProgressListener.NONE).files();
            files.put(target.name(), resolved);
            versioned.put(target.name(), resolved.versioned());
        }
        DependencyGraph.build(files);
        return SumFile.write(sumFile, versioned);
    }
}
