package dev.weave.cli;

import dev.weave.api.RepairResult;
import dev.weave.core.Weave;
import picocli.CommandLine.Command;

@Command(name = "repair", description = "Make the ledger agree with the files: remove failed entries, accept edited files, mark deleted ones.")
final class RepairCommand extends TargetCommand {

    RepairCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int run(Weave weave, Output out) {
        RepairResult result = weave.repair(target);
        if (out.json()) {
            out.json(result);
        } else if (result.actions().isEmpty()) {
            out.line(result.target() + ": nothing to repair");
        } else {
            out.line(out.green(result.target() + ": repaired"));
            result.actions().forEach(a -> out.line("  " + a));
        }
        return 0;
    }
}
