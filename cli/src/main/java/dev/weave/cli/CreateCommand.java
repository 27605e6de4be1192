package dev.weave.cli;

import dev.weave.api.CreateResult;
import dev.weave.core.Weave;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import dev.weave.api.AutoCreateResult;
import dev.weave.spi.schema.SchemaDifference;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

@Command(name = "create", description = "Write the next V<n>__<message> file of a target (keeps the project's zero padding).")
final class CreateCommand extends TargetCommand {

    @Parameters(index = "1", paramLabel = "MESSAGE", description = "What the migration does, e.g. \"add user preferences\".")
    String message;

    @Option(names = "--auto", description = "Generate the migration from the declared schema (.weave/schema/<target>.sql,"
            + " .cypher or .json): what the migrations produce is compared with it, and the difference written in"
            + " dependency order, destructive steps commented out for review. No difference: nothing is written.")
    boolean auto;

    CreateCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int run(Weave weave, Output out) {
        if (auto) {
            return auto(weave, out);
        }
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

    private int auto(Weave weave, Output out) {
        AutoCreateResult created = weave.createAuto(target, message);
        if (out.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("target", created.target());
            json.put("store", created.storeType());
            json.put("desired", shown(created.desiredFile()).toString());
            json.put("file", created.file() == null ? null : shown(created.file()).toString());
            json.put("differences", created.differences().stream().map(SchemaDifference::describeTowardsExpected).toList());
            json.put("steps", created.steps());
            json.put("toReview", created.toReview());
            out.json(json);
            return 0;
        }
        if (created.file() == null) {
            out.line(created.target() + ": no difference between " + shown(created.desiredFile()) + " and "
                    + created.current() + "; nothing written");
            return 0;
        }
        if (created.createdFolder() != null) {
            out.line("created folder " + shown(created.createdFolder()) + " for the new " + created.storeType()
                    + " target '" + created.target() + "'");
        }
        int n = created.differences().size();
        out.line("created " + shown(created.file()) + " from " + shown(created.desiredFile()) + ": " + n + " difference"
                + (n == 1 ? "" : "s") + ", " + created.steps() + " step" + (created.steps() == 1 ? "" : "s")
                + (created.toReview() == 0 ? "" : ", " + out.yellow(created.toReview() + " commented out for review"
                + " (weave:review)")));
        for (SchemaDifference d : created.differences()) {
            out.line("  " + d.describeTowardsExpected());
        }
        if (created.toReview() == created.steps()) {
            out.line(out.yellow("every step is commented out for review: uncomment what is intended, or delete the file"
                    + " (migrate refuses a file of only comments)"));
        } else {
            out.line("read it, then: weave db migrate " + created.target());
        }
        return 0;
    }

    private Path shown(Path path) {
        return path.startsWith(ctx.workingDirectory()) ? ctx.workingDirectory().relativize(path) : path;
    }
}
