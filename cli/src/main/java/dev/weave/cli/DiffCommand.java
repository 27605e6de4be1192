package dev.weave.cli;

import dev.weave.api.DiffResult;
import dev.weave.core.Weave;
import dev.weave.error.ExitCode;
import dev.weave.spi.schema.SchemaDifference;
import dev.weave.spi.schema.SchemaObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "diff", description = "Compare the live schema of a target with what its migrations produce (drift);"
        + " with --desired, what the migrations produce with the declared schema. Exit 0 when equal, 6 when they differ.")
final class DiffCommand extends TargetCommand {

    @Option(names = "--desired", description = "Compare the declared schema (.weave/schema/<target>.sql, .cypher or"
            + " .json) with what the migrations produce, instead of the live store.")
    boolean desired;

    DiffCommand(CliContext ctx) {
        super(ctx);
    }

    @Override
    int run(Weave weave, Output out) {
        DiffResult result = weave.diff(target, desired);
        int exit = result.equal() ? 0 : ExitCode.SCHEMA_DIFFERS.code();
        if (out.json()) {
            out.json(json(result));
            return exit;
        }
        out.line(headline(result, out));
        for (SchemaDifference d : result.differences()) {
            out.line("  " + (desired ? d.describeTowardsExpected() : d.describe()) + details(d));
        }
        if (!result.equal()) {
            out.line(desired ? "to write the migration that closes the gap: weave db create " + target + " \"<what it does>\" --auto"
                    : "the live store holds what no migration made, or lacks what one did: write a migration for what"
                    + " is meant to stay, or undo the change made by hand");
        }
        return exit;
    }

    static String headline(DiffResult result, Output out) {
        if (result.equal()) {
            return out.green(result.target() + ": equal") + " — " + result.compared() + " matches " + result.expected()
                    + " (" + result.objects() + " objects)";
        }
        int n = result.differences().size();
        return out.red(result.target() + ": " + n + " difference" + (n == 1 ? "" : "s")) + " — " + result.compared()
                + " against " + result.expected() + ":";
    }

    /** For an object only one side has, what it is (its type, its definition), so the line says enough to act on. */
    private static String details(SchemaDifference d) {
        if (d.kind() == SchemaDifference.Kind.CHANGED) {
            return "";
        }
        SchemaObject o = d.object();
        for (String attribute : List.of("type", "definition", "labels")) {
            if (o.get(attribute) != null) {
                String v = o.get(attribute).replaceAll("\\s+", " ").trim();
                return " (" + attribute + ": " + (v.length() > 100 ? v.substring(0, 97) + "..." : v) + ")";
            }
        }
        return "";
    }

    static Map<String, Object> json(DiffResult result) {
        List<Map<String, Object>> differences = new ArrayList<>();
        for (SchemaDifference d : result.differences()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("difference", d.kind().name().toLowerCase(java.util.Locale.ROOT));
            m.put("kind", d.object().kind());
            m.put("name", d.object().name());
            m.put("before", d.expected() == null ? null : d.expected().attributes());
            m.put("after", d.actual() == null ? null : d.actual().attributes());
            m.put("changed", d.changed());
            differences.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", result.target());
        m.put("store", result.storeType());
        m.put("expected", result.expected());
        m.put("compared", result.compared());
        m.put("objects", result.objects());
        m.put("equal", result.equal());
        m.put("differences", differences);
        return m;
    }
}
