package dev.weave.api;

import dev.weave.spi.lint.LintRule;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code weave db lint} found in every target's files, offline.
 *
 * @param findings every finding not suppressed by a {@code weave:lint-ignore} line, by target, file and line
 * @param files    how many files were read
 * @param rules    every rule that was checked (for SARIF's rule list)
 */
public record LintResult(List<Finding> findings, int files, List<LintRule> rules) {

    /**
     * @param file the migration file, as resolved (absolute)
     * @param line 1-based
     */
    public record Finding(String target, String storeType, Path file, int line, LintRule rule, String message) {
    }

    /** How many findings are of an ERROR rule: any makes the command fail. */
    public long errors() {
        return findings.stream().filter(f -> f.rule().severity() == LintRule.Severity.ERROR).count();
    }
}
