package dev.weave.cli;

import dev.weave.api.BaselineResult;
import dev.weave.core.Weave;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "baseline", description = "Start the empty ledger of an existing database at a version; files up to it count as applied.")
final class BaselineCommand extends TargetCommand {

    @Option(names = "--version", paramLabel = "VERSION", description = "The baseline version (default: 1).")
    String version;

    @Option(names = "--description", description = "Recorded with the baseline (default: << Baseline >>).")
    String description;

    BaselineCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int run(Weave weave, Output out) {
        BaselineResult result = weave.baseline(target, version, description);
        if (out.json()) {
            out.json(result);
        } else {
            out.line(out.green(result.target() + ": baselined at version " + result.version()));
        }
        return 0;
    }
}
