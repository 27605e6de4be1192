package dev.weave.cli;

import dev.weave.api.ImportNamesResult;
import dev.weave.core.Weave;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "import-names", description = {
        "Rename a target's files from another tool's naming to Weave's: 001_init.sql -> V001__init.sql,",
        "1_init.up.sql / 1_init.down.sql -> V1__init.sql / U1__init.sql, models.sql -> R__models.sql (repeatable).",
        "Contents are not touched; a clash renames nothing. Try --dry-run first."})
final class ImportNamesCommand extends TargetCommand {

    @Option(names = "--dry-run", description = "Print the renames and change nothing.")
    boolean dryRun;

    ImportNamesCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int run(Weave weave, Output out) {
        ImportNamesResult result = weave.importNames(target, dryRun);
        if (out.json()) {
            out.json(result);
            return 0;
        }
        for (ImportNamesResult.Rename r : result.renamed()) {
            out.line("  " + r.from() + " -> " + r.to() + "  (" + r.rule() + ")");
        }
        for (ImportNamesResult.Left l : result.left()) {
            out.line("  " + out.yellow("left") + " " + l.file() + ": " + l.reason());
        }
        int n = result.renamed().size();
        String files = n + (n == 1 ? " file" : " files");
        out.line(result.target() + ": " + (n == 0 ? "nothing to rename"
                : dryRun ? "would rename " + files + " (dry run: nothing changed)" : "renamed " + files)
                + (result.left().isEmpty() ? "" : "; " + result.left().size() + " left as they are"));
        return 0;
    }
}
