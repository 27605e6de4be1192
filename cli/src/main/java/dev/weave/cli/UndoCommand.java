package dev.weave.cli;

import dev.weave.api.MigrationSummary;
import dev.weave.api.UndoResult;
import dev.weave.core.Weave;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "undo", description = "Reverse the latest applied version (or every one above --to) with its U file.")
final class UndoCommand extends TargetCommand {

    @Option(names = "--to", paramLabel = "VERSION", description = "Undo every applied version above this one.")
    String to;

    @Option(names = "--dry-run", description = "Print the undo scripts that would run and change nothing.")
    boolean dryRun;

    UndoCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int run(Weave weave, Output out) {
        UndoResult result = weave.withListener(MigrateCommand.progress(out)).undo(target, to, dryRun);
        if (out.json()) {
            out.json(result);
            return 0;
        }
        String now = result.finalVersion() == null ? "no version" : "version " + result.finalVersion();
        if (dryRun) {
            out.line(out.bold(result.target() + ": dry run, " + result.undone().size() + " undo script(s) would run, nothing was changed"));
            for (MigrationSummary m : result.undone()) {
                out.line("");
                out.line("-- " + m.script() + " (undo " + m.version() + ": " + m.description() + ")");
                out.line(m.text().stripTrailing());
            }
            out.line("");
            out.line(result.target() + ": would be at " + now);
        } else {
            out.line(out.green(result.target() + ": undid " + result.undone().size() + " version(s)") + ", now at " + now);
        }
        return 0;
    }
}
