package dev.weave.store.elasticsearch;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weave.error.MigrationSourceException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The body of one request: JSON bodies are checked to be exactly one JSON value, NDJSON bodies
 * ({@code _bulk}, {@code _msearch}) one JSON value per line, ending with a newline as Elasticsearch
 * requires. Comment lines cannot be JSON, so in JSON bodies they are dropped (elasticsearch-evolution does
 * the same); a body of another content type is sent as written.
 */
final class BodyReader {

    static final ObjectMapper STRICT_JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Path file;
    private final String[] lines;
    private final int from;
    private final int to;
    private final String path;
    private final String contentType;

    BodyReader(Path file, String[] lines, int from, int to, String path, String contentType) {
        this.file = file;
        this.lines = lines;
        this.from = from;
        this.to = to;
        this.path = path;
        this.contentType = contentType;
    }

    /** The body to send, or null when there is none. */
    String read() {
        boolean json = contentType == null || contentType.toLowerCase(Locale.ROOT).contains("json");
        List<String> kept = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        for (int i = from; i < to; i++) {
            if (json && HttpScriptParser.isComment(lines[i])) {
                continue;
            }
            kept.add(lines[i]);
            lineNumbers.add(i + 1);
        }
        while (!kept.isEmpty() && kept.get(kept.size() - 1).isBlank()) {
            kept.remove(kept.size() - 1);
            lineNumbers.remove(lineNumbers.size() - 1);
        }
        while (!kept.isEmpty() && kept.get(0).isBlank()) {
            kept.remove(0);
            lineNumbers.remove(0);
        }
        if (kept.isEmpty()) {
            return null;
        }
        if (!json) {
            return String.join("\n", kept);
        }
        if (isNdjson(path, contentType)) {
            return ndjson(kept, lineNumbers);
        }
        String body = String.join("\n", kept);
        check(body, lineNumbers, "the body is not valid JSON");
        return body;
    }

    /** One JSON value per line; blank lines are left out (Elasticsearch would reject them). */
    private String ndjson(List<String> kept, List<Integer> lineNumbers) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < kept.size(); i++) {
            String line = kept.get(i);
            if (line.isBlank()) {
                continue;
            }
            check(line, List.of(lineNumbers.get(i)), "this line of the NDJSON body is not one JSON value"
                    + " (in a _bulk or _msearch body every action and every document takes exactly one line)");
            body.append(line).append('\n');
        }
        return body.toString();
    }

    private void check(String json, List<Integer> lineNumbers, String what) {
        try {
            STRICT_JSON.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            int bodyLine = at == null ? 1 : Math.max(1, at.getLineNr());
            int fileLine = lineNumbers.get(Math.min(bodyLine, lineNumbers.size()) - 1);
            throw new MigrationSourceException(file, fileLine, what + ": " + reason(e)
                    + (contentType == null ? "" : " (Content-Type " + contentType + ")"));
        }
    }

    /** Jackson's reason without its positions, which count body lines, not file lines. */
    private static String reason(JsonProcessingException e) {
        return e.getOriginalMessage()
                .replaceAll("\\s*\\(start marker at \\[[^\\]]*\\]\\)", "")
                .replaceAll("\\s*at \\[Source:[^\\]]*\\]", "")
                .replaceAll("\\s+", " ").strip();
    }

    /** Bulk-style endpoints take newline-delimited JSON. */
    static boolean isNdjson(String path, String contentType) {
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).contains("ndjson")) {
            return true;
        }
        List<String> segments = HttpPaths.segments(path);
        if (segments.isEmpty()) {
            return false;
        }
        String last = segments.get(segments.size() - 1);
        boolean msearchTemplate = segments.size() >= 2 && segments.get(segments.size() - 2).equals("_msearch")
                && last.equals("template");
        return last.equals("_bulk") || last.equals("_msearch") || msearchTemplate;
    }
}
