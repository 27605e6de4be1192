package dev.weave.cli;

import dev.weave.api.HistoryResult;
import dev.weave.core.Weave;
import dev.weave.model.LedgerEntry;
import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.List;

@Command(name = "history", description = "Print a target's ledger as stored, oldest first.")
final class HistoryCommand extends TargetCommand {

    HistoryCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int run(Weave weave, Output out) {
        HistoryResult history = weave.history(target);
        if (out.json()) {
            out.json(history);
            return 0;
        }
        if (history.entries().isEmpty()) {
            out.line(history.target() + ": the ledger is empty");
            return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        for (LedgerEntry e : history.entries()) {
            rows.add(List.of(String.valueOf(e.rank()), e.version() == null ? "" : e.version(), e.description(),
                    e.type().name(), e.script(), e.installedBy() == null ? "" : e.installedBy(),
                    Output.time(e.installedOn()), e.executionMillis() + " ms",
                    e.success() ? out.green("yes") : out.red("FAILED")));
        }
        out.line(out.table(List.of("Rank", "Version", "Description", "Type", "Script", "By", "Installed on", "Time", "Success"), rows));
        return 0;
    }
}
