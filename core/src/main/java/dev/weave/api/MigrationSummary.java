package dev.weave.api;

/**
 * One migration that ran (or, in a dry run, would run).
 *
 * @param script path relative to the target folder
 * @param text   the script as sent to the store (placeholders substituted); only set for dry runs
 */
public record MigrationSummary(String version, String description, String type, String script,
                               long executionMillis, String text) {
}
