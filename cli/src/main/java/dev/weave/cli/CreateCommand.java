package dev.weave.cli;

import dev.weave.api.CreateResult;
import dev.weave.core.Weave;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
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
        CreateResult created = weave.create(target, message);
        Path file = shown(created.file());
        if (out.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("target", created.target());
            json.put("store", created.storeType());
            json.put("file", file.toString());
            if (created.createdFolder() != null) {
                json.put("createdFolder", shown(created.createdFolder()).toString());
            }
            out.json(json);
        } else {
            if (created.createdFolder() != null) {
                out.line("created folder " + shown(created.createdFolder()) + " for the new " + created.storeType()
                        + " target '" + created.target() + "'");
            }
            out.line("created " + file + " (write the migration into it; migrate refuses it while it holds only comments)");
        }
        return 0;
    }

    private Path shown(Path path) {
        return path.startsWith(ctx.workingDirectory()) ? ctx.workingDirectory().relativize(path) : path;
    }
}
