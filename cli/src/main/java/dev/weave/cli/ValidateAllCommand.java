package dev.weave.cli;

import dev.weave.api.ValidateAllResult.TargetValidation;
import dev.weave.api.ValidateAllResult;
import dev.weave.core.Weave;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import java.nio.file.Path;
import java.util.List;

@Command(name = "validate-all", description = "For CI: check every target's ledger against its files (or, --offline, the files against weave.sum); exit 3 on any problem.")
final class ValidateAllCommand extends MultiTargetCommand {

    @Option(names = "--ignore-pending", description = "Pending migrations are not a problem.")
    boolean ignorePending;

    @Option(names = "--offline", description = "Check the files against the committed weave.sum; needs no database.")
    boolean offline;

    @Option(names = "--sum-file", paramLabel = "FILE", description = "The sum file (default: weave.sum in the working directory).")
    Path sumFile = Path.of("weave.sum");

    @Option(names = "--lint", description = "Also lint every checked target's files (weave db lint); an error-level finding is a problem.")
    boolean lint;

    @Option(names = "--drift", description = "Also compare every checked target's live schema with what its migrations produce (weave db diff); a difference is a problem.")
    boolean drift;

    ValidateAllCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        Output out = new Output(ctx, options.json);
        Weave weave = options.weave(ctx).withListener(MigrateCommand.progress(out));
        if (drift && offline) {
            throw new dev.weave.error.ConfigurationException("--drift reads the live stores, --offline reads none; use one of them");
        }
        ValidateAllResult result = weave.validateAll(excludedStores(), only(), ignorePending,
                offline, ctx.workingDirectory().resolve(sumFile));
        if (lint || drift) {
            return withLintAndDrift(weave, out, result);
        }
        if (out.json()) {
            out.json(result);
            return result.exitCode();
        }
        print(out, result);
        long bad = result.targets().stream().filter(t -> t.exitCode() != 0).count();
        out.line("");
        out.line((bad == 0 ? out.green("validate-all: ok") : out.red("validate-all: " + bad + " of " + result.targets().size()
                + " targets have problems")) + (result.offline() ? " (offline, against " + sumFile + ")" : ""));
        return result.exitCode();
    }

    /** Each target's validation, or why it could not be checked. */
    private static void print(Output out, ValidateAllResult result) {
        for (TargetValidation t : result.targets()) {
            if (t.result() != null) {
                ValidateCommand.print(out, t.result());
            } else {
                out.line(out.red(t.target() + ": not checked") + " (exit " + t.exitCode() + "): " + t.error());
            }
        }
    }

    /**
     * The validation as without the flags, then lint and drift for the same targets; either finding something turns
     * a clean validation's exit into 3 (validation found problems). With --json: {validation, lint, drift}.
     */
    private int withLintAndDrift(Weave weave, Output out, ValidateAllResult result) {
        List<String> names = result.targets().stream().map(TargetValidation::target).toList();
        int exit = result.exitCode();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("validation", result);
        if (!out.json()) {
            print(out, result);
        }
        if (lint) {
            dev.weave.api.LintResult linted = weave.lint(new java.util.LinkedHashSet<>(names));
            json.put("lint", Map.of("files", linted.files(), "errors", linted.errors(),
                    "warnings", linted.findings().size() - linted.errors()));
            if (!out.json()) {
                linted.findings().forEach(f -> out.line(LintCommand.line(out, ctx.workingDirectory(), f)));
                out.line("lint: " + linted.files() + " files, " + linted.errors() + " errors, "
                        + (linted.findings().size() - linted.errors()) + " warnings");
            }
            if (linted.errors() > 0) {
                exit = Math.max(exit, 3);
            }
        }
        if (drift) {
            List<Map<String, Object>> drifts = new java.util.ArrayList<>();
            for (String name : names) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("target", name);
                try {
                    dev.weave.api.DiffResult diff = weave.diff(name, false);
                    one.putAll(DiffCommand.json(diff));
                    if (!out.json()) {
                        out.line(DiffCommand.headline(diff, out));
                        diff.differences().forEach(d -> out.line("  " + d.describe()));
                    }
                    if (!diff.equal()) {
                        exit = Math.max(exit, 3);
                    }
                } catch (dev.weave.error.WeaveException e) {
                    one.put("error", ctx.mask().mask(e.getMessage()));
                    one.put("exitCode", e.exitCode());
                    if (!out.json()) {
                        out.line(out.red(name + ": drift not checked") + " (exit " + e.exitCode() + "): " + ctx.mask().mask(e.getMessage()));
                    }
                    exit = Math.max(exit, e.exitCode());
                }
                drifts.add(one);
            }
            json.put("drift", drifts);
        }
        json.put("exitCode", exit);
        if (out.json()) {
            out.json(json);
        } else {
            out.line("");
            out.line(exit == 0 ? out.green("validate-all: ok") : out.red("validate-all: problems found (exit " + exit + ")"));
        }
        return exit;
    }
}
