package dev.weave.engine;

import dev.weave.api.LintResult;
import dev.weave.api.LintResult.Finding;
import dev.weave.config.ResolvedTarget;
import dev.weave.discovery.ResolvedMigrations;
import dev.weave.api.WeaveConfig;
import dev.weave.model.MigrationFile;
import dev.weave.spi.lint.LintFinding;
import dev.weave.spi.lint.LintRule;
import dev.weave.spi.lint.StoreLinter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code weave db lint}: every target's files through its store's rules, offline (no connection). Files go in the
 * order they run, so a store's linter knows what earlier files created. A finding is dropped when its line, or
 * the comment lines right above it, say {@code weave:lint-ignore <rule id or name> <reason>}; a suppression
 * without a reason is itself reported (rule WEAVE001), because the reason is what a reviewer reads.
 */
public final class LintOperation {

    /** The one rule of the core: a weave:lint-ignore without a reason. */
    public static final LintRule IGNORE_WITHOUT_REASON = new LintRule("WEAVE001", "lint-ignore-without-reason",
            LintRule.Severity.WARNING, "a weave:lint-ignore line must say why the rule does not apply");

    private static final Pattern IGNORE = Pattern.compile("weave:lint-ignore\\s+([A-Za-z0-9_-]+)(?:[ \\t]+(\\S.*))?");

    private final List<ResolvedTarget> targets;
    private final WeaveConfig config;

    public LintOperation(List<ResolvedTarget> targets, WeaveConfig config) {
        this.targets = targets;
        this.config = config;
    }

    public LintResult run(java.util.Set<String> only) {
        List<String> names = targets.stream().map(ResolvedTarget::name).toList();
        for (String name : only) {
            if (!names.contains(name)) {
                throw new dev.weave.error.ConfigurationException("there is no target '" + name + "' to lint; targets: "
                        + (names.isEmpty() ? "(none)" : String.join(", ", names)));
            }
        }
        List<Finding> findings = new ArrayList<>();
        Map<String, LintRule> rules = new LinkedHashMap<>();
        rules.put(IGNORE_WITHOUT_REASON.id(), IGNORE_WITHOUT_REASON);
        int files = 0;
        for (ResolvedTarget target : targets) {
            if (!only.isEmpty() && !only.contains(target.name())) {
                continue;
            }
            target.adapter().lintRules().forEach(r -> rules.putIfAbsent(r.id(), r));
            ResolvedMigrations resolved = new TargetContext(target, config, dev.weave.api.ProgressListener.NONE).files();
            List<MigrationFile> inOrder = new ArrayList<>(resolved.versioned());
            inOrder.addAll(resolved.repeatables());
            StoreLinter linter = target.adapter().linter();
            for (MigrationFile file : inOrder) {
                files++;
                String[] lines = file.text().split("\n", -1);
                for (LintFinding f : linter.check(file, file.text())) {
                    if (!suppressed(lines, f)) {
                        findings.add(new Finding(target.name(), target.adapter().storeType(), file.path(), f.line(),
                                f.rule(), f.message()));
                    }
                }
                for (int i = 0; i < lines.length; i++) {
                    Matcher m = IGNORE.matcher(lines[i]);
                    if (m.find() && m.group(2) == null) {
                        findings.add(new Finding(target.name(), target.adapter().storeType(), file.path(), i + 1,
                                IGNORE_WITHOUT_REASON, "weave:lint-ignore " + m.group(1) + " gives no reason, so it"
                                + " suppresses nothing; write why the rule does not apply after the rule's id"));
                    }
                }
            }
        }
        findings.sort(Comparator.comparing(Finding::target).thenComparing(f -> f.file().toString())
                .thenComparingInt(Finding::line));
        return new LintResult(List.copyOf(findings), files, List.copyOf(rules.values()));
    }

    /** The finding's line or the comment lines right above it name its rule, with a reason. */
    private static boolean suppressed(String[] lines, LintFinding f) {
        for (int i = f.line() - 1; i >= 0 && i < lines.length; i--) {
            String line = lines[i];
            Matcher m = IGNORE.matcher(line);
            if (m.find() && m.group(2) != null
                    && (m.group(1).equalsIgnoreCase(f.rule().id()) || m.group(1).equalsIgnoreCase(f.rule().name()))) {
                return true;
            }
            if (i < f.line() - 1 && !isComment(line)) {
                return false; // only the comment block directly above counts
            }
        }
        return false;
    }

    private static boolean isComment(String line) {
        String t = line.strip();
        return t.startsWith("--") || t.startsWith("//") || t.startsWith("#") || t.startsWith("/*") || t.startsWith("*");
    }
}
