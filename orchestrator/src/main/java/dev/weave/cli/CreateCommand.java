package dev.weave.cli;

import dev.weave.api.Weave;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Map;

@Command(name = "create", description = "Write the next V<n>__<message> file of a target (keeps the project's zero padding).")
final class CreateCommand extends TargetCommand {

    @Parameters(index = "1", paramLabel = "MESSAGE", description = "What the migration does, e.g. \"add user preferences\".")
    String message;

    CreateCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int run(Weave weave, Output out) {
        Path file = weave.create(target, message);
        Path shown = file.startsWith(ctx.workingDirectory()) ? ctx.workingDirectory().relativize(file) : file;
        if (out.json()) {
            out.json(Map.of("target", target, "file", shown.toString()));
        } else {
            out.line("created " + shown);
        }
        return 0;
    }
}
