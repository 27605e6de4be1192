package dev.weave.cli;

import dev.weave.api.ValidateAllResult;
import dev.weave.api.ValidateAllResult.TargetValidation;
import dev.weave.api.Weave;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "validate-all", description = "For CI: check every target's ledger against its files (or, --offline, the files against weave.sum); exit 3 on any problem.")
final class ValidateAllCommand implements Callable<Integer>, JsonOutput {

    @Option(names = "--only", paramLabel = "TARGET", split = ",", description = "Only these targets.")
    List<String> only = new ArrayList<>();

    @Option(names = "--ignore-pending", description = "Pending migrations are not a problem.")
    boolean ignorePending;

    @Option(names = "--offline", description = "Check the files against the committed weave.sum; needs no database.")
    boolean offline;

    @Option(names = "--sum-file", paramLabel = "FILE", description = "The sum file (default: weave.sum in the working directory).")
    Path sumFile = Path.of("weave.sum");

    @Mixin
    TargetOptions options;

    @Spec
    CommandSpec spec;

    private final CliContext ctx;

    ValidateAllCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public boolean json() {
        return options != null && options.json;
    }

    @Override
    public Integer call() {
        Output out = new Output(ctx, options.json);
        Weave weave = options.weave(ctx);
        ValidateAllResult result = weave.validateAll(StoreFilter.excluded(spec), new LinkedHashSet<>(only), ignorePending,
                offline, ctx.workingDirectory().resolve(sumFile));
        if (out.json()) {
            out.json(result);
            return result.exitCode();
        }
        for (TargetValidation t : result.targets()) {
            if (t.result() != null) {
                ValidateCommand.print(out, t.result());
            } else {
                out.line(out.red(t.target() + ": not checked") + " (exit " + t.exitCode() + "): " + t.error());
            }
        }
        long bad = result.targets().stream().filter(t -> t.exitCode() != 0).count();
        out.line("");
        out.line((bad == 0 ? out.green("validate-all: ok") : out.red("validate-all: " + bad + " of " + result.targets().size()
                + " targets have problems")) + (result.offline() ? " (offline, against " + sumFile + ")" : ""));
        return result.exitCode();
    }
}
