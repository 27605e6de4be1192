package dev.weave.cli;

import dev.weave.api.AdoptResult;
import dev.weave.core.Weave;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "adopt", description = "Take over the history another tool (flyway, schema-migrations, …) left in the"
        + " target's store, so migrate goes on where that tool stopped. The old history is only read.")
final class AdoptCommand extends TargetCommand {

    @Option(names = "--from", required = true, paramLabel = "TOOL", description = "The tool whose history to adopt, e.g. flyway, alembic or schema-migrations (the README lists what each store reads).")
    String tool;

    @Option(names = {"--table", "--label", "--index"}, paramLabel = "NAME", description = "Where that history is, when not the tool's default (a table, a node label or an index).")
    String location;

    @Option(names = "--versions", paramLabel = "DIR", description = "Alembic only: its versions folder (default: alembic/versions in the working directory).")
    java.nio.file.Path versions;

    @Option(names = "--dry-run", description = "Print what each old row becomes, with its checksum verdict, and write nothing.")
    boolean dryRun;

    AdoptCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int run(Weave weave, Output out) {
        java.nio.file.Path folder = versions != null ? ctx.workingDirectory().resolve(versions)
                : ctx.workingDirectory().resolve("alembic/versions");
        AdoptResult result = weave.adopt(target, tool, location, "alembic".equals(tool) ? folder : null, dryRun);
        if (out.json()) {
            out.json(result);
            return 0;
        }
        for (AdoptResult.Mapping m : result.mapping()) {
            out.line("  " + m.from() + " -> " + m.to() + "  [" + m.checksum() + "]" + (m.already() ? " (adopted before)" : ""));
        }
        String summary = result.target() + ": " + (result.dryRun() ? "would adopt " + result.mapping().stream()
                .filter(m -> !m.already()).count() + " entries" : result.written() == 0 ? "nothing new to adopt"
                : "adopted " + result.written() + " entries") + " from " + result.tool() + " (" + result.location() + ")";
        out.line(result.dryRun() ? summary : out.green(summary));
        return 0;
    }
}
