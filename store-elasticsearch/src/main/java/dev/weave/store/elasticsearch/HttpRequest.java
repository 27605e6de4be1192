package dev.weave.store.elasticsearch;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One request of a {@code .http} migration, as parsed.
 *
 * @param number  1-based position of the request in its file
 * @param line    1-based file line of the request line ({@code METHOD /path})
 * @param path    the path as written, starting with {@code /}, without the query
 * @param query   query parameters in order, URL-decoded; a parameter without {@code =} has a null value
 * @param headers header lines in order
 * @param body    the body to send, or null; NDJSON bodies end with a newline
 */
record HttpRequest(int number, int line, String method, String path, List<Map.Entry<String, String>> query,
                   List<Map.Entry<String, String>> headers, String body) {

    HttpRequest {
        query = List.copyOf(query);
        headers = List.copyOf(headers);
    }

    Optional<String> header(String name) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
    }

    /** The path split into URL-decoded segments, e.g. {@code /logs/_doc/1} → [logs, _doc, 1]. */
    List<String> segments() {
        return HttpPaths.segments(path);
    }

    /** "PUT /my_index": how the request is named in messages (no body, no headers: they may carry secrets). */
    String label() {
        return method + " " + path;
    }

    boolean isMethod(String... methods) {
        for (String m : methods) {
            if (method.equals(m.toUpperCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
