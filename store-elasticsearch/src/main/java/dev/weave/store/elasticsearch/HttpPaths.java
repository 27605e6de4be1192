package dev.weave.store.elasticsearch;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Splitting request paths into decoded segments, for the resource tracking; encoding a segment for a path. */
final class HttpPaths {

    private HttpPaths() {
    }

    static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        for (String raw : path.split("/")) {
            if (!raw.isEmpty()) {
                segments.add(decode(raw));
            }
        }
        return segments;
    }

    /** One path segment (an index name, a document id), percent-encoded: {@code /} and {@code :} too, a space as {@code %20}. */
    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Percent-decoding only: in a path a {@code +} is a plus, not a space. */
    static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
