package dev.weave.cli;

import dev.weave.api.InfoLine;
import dev.weave.api.InfoResult;
import dev.weave.core.Weave;
import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.List;

@Command(name = "info", description = "Show every migration of a target and where it stands.")
final class InfoCommand extends TargetCommand {

    InfoCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int run(Weave weave, Output out) {
        InfoResult info = weave.info(target);
        if (out.json()) {
            out.json(info);
            return 0;
        }
        out.line(out.bold(info.target()) + " (" + info.storeType() + ", " + info.location() + "), current version: "
                + (info.currentVersion() == null ? "none" : info.currentVersion()));
        List<List<String>> rows = new ArrayList<>();
        for (InfoLine l : info.migrations()) {
            rows.add(List.of(l.version() == null ? "" : l.version(), l.description(), l.type(), state(out, l.state()),
                    l.installedOn() == null ? "" : Output.time(l.installedOn()),
                    l.installedBy() == null ? "" : l.installedBy(),
                    l.executionMillis() == null ? "" : l.executionMillis() + " ms"));
        }
        if (rows.isEmpty()) {
            out.line("no migrations");
        } else {
            out.line(out.table(List.of("Version", "Description", "Type", "State", "Installed on", "By", "Time"), rows));
        }
        return 0;
    }

    static String state(Output out, String state) {
        return switch (state) {
            case "APPLIED", "ADOPTED", "BASELINE", "BELOW_BASELINE", "DELETED" -> out.green(state);
            case "PENDING", "OUTDATED", "UNDONE", "ABOVE_TARGET" -> out.yellow(state);
            default -> out.red(state);
        };
    }
}
