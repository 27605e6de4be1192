package dev.weave.cli;

import dev.weave.core.Weave;
import picocli.CommandLine.Command;

import java.util.LinkedHashMap;
import java.util.Map;

@Command(name = "current", description = "Print the version a target is at (just the version, for scripts).")
final class CurrentCommand extends TargetCommand {

    CurrentCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int run(Weave weave, Output out) {
        String version = weave.currentVersion(target);
        if (out.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("target", target);
            json.put("currentVersion", version);
            out.json(json);
        } else {
            out.line(version == null ? "none" : version);
        }
        return 0;
    }
}
