package dev.weave.api;

import java.util.List;

/**
 * What {@code import-names} renamed (or, on a dry run, would rename) in a target's folder, and what it left.
 *
 * @param renamed paths relative to the target's folder
 * @param left    files that keep their names, each with the reason (already a Weave name files are not listed)
 */
public record ImportNamesResult(String target, boolean dryRun, List<Rename> renamed, List<Left> left) {

    public ImportNamesResult {
        renamed = List.copyOf(renamed);
        left = List.copyOf(left);
    }

    /** One file's new name and the rule that gave it. */
    public record Rename(String from, String to, String rule) {
    }

    /** A file that keeps its name, and why. */
    public record Left(String file, String reason) {
    }
}
