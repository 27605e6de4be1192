package dev.weave.cli;

import dev.weave.api.LintResult;
import dev.weave.api.LintResult.Finding;
import dev.weave.spi.lint.LintRule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "lint", description = "Check the migration files for statements that lock busy tables, fail on tables with"
        + " rows or destroy data, offline (no store is connected); exit 3 when a rule of severity ERROR fires.")
final class LintCommand implements Callable<Integer>, JsonOutput {

    @Parameters(arity = "0..*", paramLabel = "TARGET", description = "The targets to lint (default: every target).")
    List<String> targets = new ArrayList<>();

    @Option(names = "--sarif", description = "Print SARIF 2.1.0 (for code scanning) instead of the table.")
    boolean sarif;

    @Mixin
    TargetOptions options;

    private final CliContext ctx;

    LintCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public boolean json() {
        return options != null && options.json;
    }

    @Override
    public Integer call() {
        Output out = new Output(ctx, options.json || sarif);
        LintResult result = options.weave(ctx).lint(new LinkedHashSet<>(targets));
        int exit = result.errors() > 0 ? 3 : 0;
        if (sarif) {
            out.json(sarif(result));
            return exit;
        }
        if (out.json()) {
            out.json(json(result));
            return exit;
        }
        for (Finding f : result.findings()) {
            out.line(line(out, ctx.workingDirectory(), f));
        }
        long warnings = result.findings().size() - result.errors();
        String summary = "lint: " + result.files() + " file" + (result.files() == 1 ? "" : "s") + ", "
                + result.errors() + " error" + (result.errors() == 1 ? "" : "s") + ", " + warnings + " warning"
                + (warnings == 1 ? "" : "s");
        if (!result.findings().isEmpty()) {
            out.line("");
        }
        out.line(exit == 0 ? out.green(summary) : out.red(summary));
        if (!result.findings().isEmpty()) {
            out.line("suppress one where it is intended: a comment line above it, weave:lint-ignore <rule> <reason>");
        }
        return exit;
    }

    /** {@code path/V2__x.sql:3: warning PG001 name: message}, the path relative to {@code workingDirectory}. */
    static String line(Output out, Path workingDirectory, Finding f) {
        String severity = f.rule().severity() == LintRule.Severity.ERROR ? out.red("error") : out.yellow("warning");
        return relative(workingDirectory, f.file()) + ":" + f.line() + ": " + severity + " " + f.rule().id() + " "
                + f.rule().name() + ": " + f.message();
    }

    private String relative(Path file) {
        return relative(ctx.workingDirectory(), file);
    }

    private static String relative(Path workingDirectory, Path file) {
        Path wd = workingDirectory.toAbsolutePath().normalize();
        Path f = file.toAbsolutePath().normalize();
        return (f.startsWith(wd) ? wd.relativize(f) : f).toString().replace('\\', '/');
    }

    private Map<String, Object> json(LintResult result) {
        List<Map<String, Object>> findings = new ArrayList<>();
        for (Finding f : result.findings()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("target", f.target());
            m.put("storeType", f.storeType());
            m.put("file", relative(f.file()));
            m.put("line", f.line());
            m.put("rule", f.rule().id());
            m.put("name", f.rule().name());
            m.put("severity", f.rule().severity().name());
            m.put("message", f.message());
            findings.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("files", result.files());
        m.put("errors", result.errors());
        m.put("warnings", result.findings().size() - result.errors());
        m.put("findings", findings);
        return m;
    }

    /** SARIF 2.1.0, the format GitHub code scanning and other CI tools read: one run, the rules, the results. */
    private Map<String, Object> sarif(LintResult result) {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (LintRule r : result.rules()) {
            rules.add(Map.of("id", r.id(), "name", r.name(), "shortDescription", Map.of("text", r.summary()),
                    "defaultConfiguration", Map.of("level", level(r))));
        }
        List<Map<String, Object>> results = new ArrayList<>();
        for (Finding f : result.findings()) {
            results.add(Map.of("ruleId", f.rule().id(), "level", level(f.rule()), "message", Map.of("text", f.message()),
                    "locations", List.of(Map.of("physicalLocation", Map.of(
                            "artifactLocation", Map.of("uri", relative(f.file())),
                            "region", Map.of("startLine", f.line()))))));
        }
        Map<String, Object> driver = new LinkedHashMap<>();
        driver.put("name", "weave");
        driver.put("rules", rules);
        Map<String, Object> sarif = new LinkedHashMap<>();
        sarif.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        sarif.put("version", "2.1.0");
        sarif.put("runs", List.of(Map.of("tool", Map.of("driver", driver), "results", results)));
        return sarif;
    }

    private static String level(LintRule rule) {
        return rule.severity() == LintRule.Severity.ERROR ? "error" : "warning";
    }
}
