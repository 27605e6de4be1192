package dev.weave.spi.lint;

/**
 * A rule of {@code weave db lint}: checked offline, on the files alone, before they reach a busy database.
 *
 * @param id       stable, e.g. {@code PG001}, used by {@code weave:lint-ignore} and in SARIF
 * @param name     a short name, e.g. {@code create-index-without-concurrently}
 * @param severity an ERROR makes {@code weave db lint} fail (exit 3); a WARNING is reported only
 * @param summary  one line for the README and SARIF's rule description
 */
public record LintRule(String id, String name, Severity severity, String summary) {

    public enum Severity { ERROR, WARNING }

    public LintFinding at(int line, String message) {
        return new LintFinding(this, line, message);
    }
}
