package dev.weave.cli;

import dev.weave.api.CleanResult;
import dev.weave.core.Weave;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "clean", description = "Remove the target's ledger, or with --all every object in it. Destroys data: needs --force.")
final class CleanCommand extends TargetCommand {

    @Option(names = "--force", description = "Yes, destroy it.")
    boolean force;

    @Option(names = "--all", description = "Also drop every object the migrations created, not only Weave's ledger.")
    boolean all;

    CleanCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int run(Weave weave, Output out) {
        CleanResult result = weave.clean(target, force, all);
        if (out.json()) {
            out.json(result);
        } else {
            out.line(out.green(result.target() + ": cleaned"));
            result.removed().forEach(r -> out.line("  removed " + r));
        }
        return 0;
    }
}
