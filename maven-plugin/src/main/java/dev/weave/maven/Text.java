package dev.weave.maven;

import dev.weave.api.MigrateResult;
import dev.weave.api.ValidationResult;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** The words the {@code weave} command prints for a result, without colour (a build log is not a terminal). */
final class Text {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private Text() {
    }

    /**
     * "app: 3 applied, 2 skipped (already applied), 5 total; now at version 5 (120 ms)", or when nothing ran
     * "app: up to date at version 5; 0 applied, 5 skipped (already applied), 5 total".
     */
    static String migrateSummary(MigrateResult r) {
        String at = r.finalVersion() == null ? "no version" : "version " + r.finalVersion();
        if (r.upToDate()) {
            return r.target() + ": up to date at " + at + "; " + r.counts().describe(false);
        }
        return r.target() + ": " + r.counts().describe(false) + "; now at " + at + " (" + r.totalMillis() + " ms)";
    }

    /** A validation as {@code weave db validate} prints it: the verdict, then each problem with its advice. */
    static List<String> validation(ValidationResult r) {
        List<String> lines = new ArrayList<>();
        String counts = " (" + r.applied() + " applied, " + r.pending() + " pending)";
        if (r.isValid()) {
            lines.add(r.target() + ": valid" + counts);
            return lines;
        }
        lines.add(r.target() + ": " + r.problems().size() + " problem" + (r.problems().size() == 1 ? "" : "s") + counts);
        for (ValidationResult.Problem p : r.problems()) {
            lines.add("  " + p.kind() + " " + p.message());
            lines.add("      " + p.advice());
        }
        return lines;
    }

    static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    static String orDash(String s) {
        return s == null ? "-" : s;
    }

    /** A plain aligned table, one string per line: headers, a rule, the rows. */
    static List<String> table(List<String> headers, List<List<String>> rows) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < headers.size(); i++) {
            widths[i] = headers.get(i).length();
        }
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], cell(row.get(i)).length());
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(row(headers, widths));
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            rule.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
        }
        lines.add(rule.toString());
        rows.forEach(r -> lines.add(row(r, widths)));
        return lines;
    }

    private static String row(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cell(cells.get(i));
            line.append(i == 0 ? "" : "  ").append(c).append(" ".repeat(widths[i] - c.length()));
        }
        return line.toString().stripTrailing();
    }

    private static String cell(String s) {
        return s == null ? "" : s;
    }
}
