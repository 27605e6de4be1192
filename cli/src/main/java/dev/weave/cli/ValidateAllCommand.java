package dev.weave.cli;

import dev.weave.api.ValidateAllResult.TargetValidation;
import dev.weave.api.ValidateAllResult;
import dev.weave.core.Weave;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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

    ValidateAllCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        Output out = new Output(ctx, options.json);
        Weave weave = options.weave(ctx).withListener(MigrateCommand.progress(out));
        ValidateAllResult result = weave.validateAll(excludedStores(), only(), ignorePending,
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
