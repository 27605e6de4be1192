package dev.weave.cli;

import dev.weave.api.AdoptOptions;
import dev.weave.api.AdoptResult;
import dev.weave.core.Weave;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "adopt", description = "Take over the history another migration tool left in the"
        + " target's store, so migrate goes on where that tool stopped. The old history is only read.")
final class AdoptCommand extends TargetCommand {

    @Option(names = "--from", required = true, paramLabel = "TOOL", description = "The tool whose history to adopt, e.g. flyway or alembic; each store reads its own (an unknown name is refused with the store's list; the README has them all).")
    String tool;

    @Option(names = {"--table", "--label", "--index"}, paramLabel = "NAME", description = "Where that history is, when not the tool's default (a table, a node label or an index).")
    String location;

    @Option(names = "--versions", paramLabel = "DIR", description = "Alembic only: its versions folder (default: alembic/versions in the working directory).")
    java.nio.file.Path versions;

    @Option(names = "--map", paramLabel = "FILE", description = "A file of old=new lines: the Weave version an old version or Alembic revision becomes, where numbering differs (001 is 1 and 1_1 is 1.1 without it).")
    java.nio.file.Path versionMap;

    @Option(names = "--dry-run", description = "Print what each old row becomes, with its checksum verdict, and write nothing.")
    boolean dryRun;

    AdoptCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int run(Weave weave, Output out) {
        java.nio.file.Path folder = versions != null ? ctx.workingDirectory().resolve(versions)
                : ctx.workingDirectory().resolve("alembic/versions");
        AdoptResult result = weave.adopt(target, AdoptOptions.from(tool).location(location)
                .toolFolder("alembic".equals(tool) ? folder : null)
                .versionMap(versionMap == null ? null : ctx.workingDirectory().resolve(versionMap)).dryRun(dryRun));
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
