package dev.weave.store.elasticsearch;

import dev.weave.error.MigrationSourceException;
import dev.weave.spi.Script;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code .http} migration: one or more requests separated by {@code ###} lines, each a request
 * line {@code METHOD /path?query}, header lines ({@code Name: value}, or {@code Name=value} as
 * elasticsearch-evolution accepts), a blank line and the body. Lines starting with {@code #} or {@code //}
 * are comments outside bodies, and inside JSON bodies too (where they cannot be JSON), so files written
 * for elasticsearch-evolution read the same. Every problem is reported with the file and line before
 * anything is sent.
 */
final class HttpScriptParser {

    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH");
    private static final Pattern REQUEST_LINE = Pattern.compile("(\\S+)\\s+(\\S+)(?:\\s+HTTP/\\d(?:\\.\\d)?)?");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern URL_WITH_HOST = Pattern.compile("(?i)[a-z][a-z0-9+.-]*://.*");
    /** The client sets these itself; Host could point the request elsewhere. */
    private static final Set<String> FORBIDDEN_HEADERS = Set.of("host", "content-length", "transfer-encoding", "connection");

    private final Path file;
    private final String[] lines;

    private HttpScriptParser(Path file, String text) {
        this.file = file;
        this.lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].endsWith("\r")) {
                lines[i] = lines[i].substring(0, lines[i].length() - 1);
            }
        }
    }

    static List<HttpRequest> parse(Script script) {
        return parse(script.file().path(), script.text());
    }

    static List<HttpRequest> parse(Path file, String text) {
        return new HttpScriptParser(file, text).requests();
    }

    private List<HttpRequest> requests() {
        List<HttpRequest> requests = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= lines.length; i++) {
            if (i == lines.length || isSeparator(lines[i])) {
                HttpRequest request = block(start, i, requests.size() + 1);
                if (request != null) {
                    requests.add(request);
                }
                start = i + 1;
            }
        }
        if (requests.isEmpty()) {
            throw error(0, "the file holds no request, only blanks and comments; write one as METHOD /path (e.g. PUT /my_index), then header"
                    + " lines, a blank line and the body");
        }
        return List.copyOf(requests);
    }

    /** Lines [from, to) of one request, or null when they hold only blanks and comments. */
    private HttpRequest block(int from, int to, int number) {
        int i = from;
        while (i < to && (lines[i].isBlank() || isComment(lines[i]))) {
            i++;
        }
        if (i == to) {
            return null;
        }
        int requestLine = i + 1;
        Matcher m = REQUEST_LINE.matcher(lines[i].strip());
        if (!m.matches()) {
            throw error(requestLine, "'" + lines[i].strip() + "' is not a request line: write METHOD /path, e.g. PUT /my_index"
                    + " (requests are separated by a ### line)");
        }
        String method = m.group(1).toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw error(requestLine, "unknown method '" + m.group(1) + "': use one of GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH");
        }
        String target = m.group(2);
        checkTarget(requestLine, target);
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        List<Map.Entry<String, String>> query = q < 0 ? List.of() : query(requestLine, target.substring(q + 1));

        List<Map.Entry<String, String>> headers = new ArrayList<>();
        i++;
        for (; i < to; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                i++;
                break;
            }
            if (isComment(line)) {
                continue;
            }
            if (line.strip().startsWith("{") || line.strip().startsWith("[")) {
                break; // a body right under the headers, without the blank line: read it as the body
            }
            headers.add(header(i + 1, line));
        }
        String contentType = headers.stream().filter(h -> h.getKey().equalsIgnoreCase("Content-Type"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        String body = new BodyReader(file, lines, i, to, path, contentType).read();
        if (body != null && contentType == null) {
            headers.add(entry("Content-Type", BodyReader.isNdjson(path, null) ? "application/x-ndjson"
                    : "application/json; charset=UTF-8"));
        }
        return new HttpRequest(number, requestLine, method, path, query, headers, body);
    }

    /** A path on the configured server: a file may not send requests to another host. */
    private void checkTarget(int line, String target) {
        if (URL_WITH_HOST.matcher(target).matches()) {
            throw error(line, "'" + target + "' names a host: requests go to the target's configured server, so write"
                    + " only the path (e.g. /my_index)");
        }
        if (!target.startsWith("/")) {
            throw error(line, "the path '" + target + "' must start with / (e.g. PUT /my_index)");
        }
        if (target.startsWith("//")) {
            throw error(line, "the path '" + target + "' starts with //, which would name a host; write a single /");
        }
        if (target.contains("\\") || target.contains("#")) {
            throw error(line, "the path '" + target + "' contains \\ or #; percent-encode them (%5C, %23)");
        }
        try {
            URI uri = new URI(target);
            if (uri.getHost() != null || uri.getScheme() != null) {
                throw error(line, "'" + target + "' names a host: write only the path");
            }
        } catch (URISyntaxException e) {
            throw error(line, "the path '" + target + "' is not a valid URL path (" + e.getReason()
                    + "); percent-encode special characters, e.g. %3C for < in date-math index names");
        }
    }

    private List<Map.Entry<String, String>> query(int line, String query) {
        List<Map.Entry<String, String>> params = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String part : query.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? null : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            if (name.isEmpty()) {
                throw error(line, "query parameter without a name in '?" + query + "'");
            }
            if (!seen.add(name)) {
                throw error(line, "query parameter '" + name + "' is given twice");
            }
            params.add(entry(name, value));
        }
        return params;
    }

    private Map.Entry<String, String> header(int line, String text) {
        int colon = text.indexOf(':');
        int equals = text.indexOf('=');
        int split = colon < 0 ? equals : equals < 0 ? colon : Math.min(colon, equals);
        String name = split < 0 ? "" : text.substring(0, split).strip();
        if (split < 0 || !HEADER_NAME.matcher(name).matches()) {
            throw error(line, "'" + text.strip() + "' is not a header line (Name: value); put a blank line between"
                    + " the headers and the body");
        }
        if (FORBIDDEN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            throw error(line, "the " + name + " header is set by Weave's client and cannot be given in a migration");
        }
        return entry(name, text.substring(split + 1).strip());
    }

    static boolean isSeparator(String line) {
        return line.strip().startsWith("###");
    }

    static boolean isComment(String line) {
        String s = line.strip();
        return s.startsWith("#") || s.startsWith("//");
    }

    private MigrationSourceException error(int line, String message) {
        return new MigrationSourceException(file, line, message);
    }

    static Map.Entry<String, String> entry(String key, String value) {
        return new AbstractMap.SimpleImmutableEntry<>(key, value);
    }
}
