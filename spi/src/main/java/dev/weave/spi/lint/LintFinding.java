package dev.weave.spi.lint;

/**
 * What one lint rule says about one place in a migration file.
 *
 * @param rule    the rule's id, e.g. {@code PG001}; what {@code weave:lint-ignore} names
 * @param line    the file's line (1-based) the finding points at
 * @param message what is risky, and what to do instead
 */
public record LintFinding(LintRule rule, int line, String message) {
}
