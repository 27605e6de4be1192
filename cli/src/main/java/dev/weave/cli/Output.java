package dev.weave.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.util.List;
import java.util.Map;

/**
 * Everything the CLI prints goes through here: secrets masked, colours only where wanted, JSON when
 * asked for (then human progress goes to stderr so stdout stays parseable).
 */
final class Output {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final CliContext ctx;
    private final boolean json;

    Output(CliContext ctx, boolean json) {
        this.ctx = ctx;
        this.json = json;
    }

    boolean json() {
        return json;
    }

    /** A line of the result (stdout). */
    void line(String text) {
        ctx.out().println(ctx.mask().mask(text));
    }

    /** Progress and notes: stdout for people, stderr when stdout carries JSON. */
    void progress(String text) {
        (json ? ctx.err() : ctx.out()).println(ctx.mask().mask(text));
        (json ? ctx.err() : ctx.out()).flush();
    }

    /** A machine-readable progress event: one compact JSON object per line on stderr, beside the JSON result on stdout. */
    void event(Map<String, Object> fields) {
        try {
            ctx.err().println(ctx.mask().mask(JSON.writer().without(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(fields)));
            ctx.err().flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Whether migrations are logged as JSON events on stderr ({@code --log-format json}). */
    boolean jsonLog() {
        return ctx.jsonLog();
    }

    /** Whether a person watches stdout: progress may then be more talkative. */
    boolean terminal() {
        return ctx.terminal();
    }

    void error(String text) {
        ctx.err().println(ctx.mask().mask(text));
    }

    void json(Object value) {
        try {
            ctx.out().println(ctx.mask().mask(JSON.writeValueAsString(value)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    void jsonError(int exitCode, String kind, String message) {
        json(Map.of("error", Map.of("exitCode", exitCode, "kind", kind, "message", message)));
    }

    /** "2026-11-22 00:14:32" in UTC: the ledger's precision is more than a person wants to read. */
    static String time(java.time.Instant instant) {
        return instant == null ? "" : java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                .withZone(java.time.ZoneOffset.UTC).format(instant);
    }

    String green(String s) {
        return colour("32", s);
    }

    String yellow(String s) {
        return colour("33", s);
    }

    String red(String s) {
        return colour("31", s);
    }

    String bold(String s) {
        return colour("1", s);
    }

    private String colour(String code, String s) {
        return ctx.colour() ? "\u001B[" + code + "m" + s + "\u001B[0m" : s;
    }

    /** A plain aligned table; cells may carry colour codes, which do not count toward the width. */
    String table(List<String> headers, List<List<String>> rows) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < headers.size(); i++) {
            widths[i] = headers.get(i).length();
        }
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], visible(row.get(i)));
            }
        }
        StringBuilder sb = new StringBuilder();
        appendRow(sb, headers, widths);
        for (int i = 0; i < widths.length; i++) {
            sb.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
        }
        sb.append('\n');
        for (List<String> row : rows) {
            appendRow(sb, row, widths);
        }
        return sb.toString().stripTrailing();
    }

    private static void appendRow(StringBuilder sb, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i) == null ? "" : cells.get(i);
            line.append(i == 0 ? "" : "  ").append(cell).append(" ".repeat(widths[i] - visible(cell)));
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }

    private static int visible(String s) {
        return s == null ? 0 : s.replaceAll("\u001B\\[[0-9;]*m", "").length();
    }
}
