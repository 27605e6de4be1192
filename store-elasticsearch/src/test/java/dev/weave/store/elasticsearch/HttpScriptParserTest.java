package dev.weave.store.elasticsearch;

import dev.weave.error.ExitCode;
import dev.weave.error.MigrationSourceException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The .http reader on its own: what it sends for the files people write, and how it rejects bad ones. */
class HttpScriptParserTest {

    private static final Path FILE = Path.of("migrations/elasticsearch/scripts/V1__x.http");

    private static List<HttpRequest> parse(String text) {
        return HttpScriptParser.parse(FILE, text);
    }

    private static MigrationSourceException rejected(String text) {
        return assertThrows(MigrationSourceException.class, () -> parse(text));
    }

    @Test
    void readsAnElasticsearchEvolutionFileWithNameEqualsValueHeadersAndComments() {
        List<HttpRequest> requests = parse("""
                # created by elasticsearch-evolution
                // another comment style
                PUT /products_v1
                Content-Type=application/json
                X-Opaque-Id: migration-1

                {
                  "settings": { "number_of_shards": 1 },
                  // comments inside the body are dropped, as elasticsearch-evolution does
                  "mappings": { "properties": { "sku": { "type": "keyword" } } }
                }
                """);
        assertEquals(1, requests.size());
        HttpRequest r = requests.get(0);
        assertEquals("PUT", r.method());
        assertEquals("/products_v1", r.path());
        assertEquals(3, r.line());
        assertEquals("application/json", r.header("content-type").orElseThrow());
        assertEquals("migration-1", r.header("X-Opaque-Id").orElseThrow());
        assertEquals("""
                {
                  "settings": { "number_of_shards": 1 },
                  "mappings": { "properties": { "sku": { "type": "keyword" } } }
                }""", r.body());
    }

    @Test
    void splitsRequestsAtHashHashHashAndCountsFileLines() {
        List<HttpRequest> requests = parse("""
                ### create the index
                PUT /logs_v1

                ### then its alias
                PUT /logs_v1/_alias/logs
                ###
                # read it back
                GET /logs/_search?size=0&track_total_hits=true
                {"query": {"match_all": {}}}
                ###
                """);
        assertEquals(List.of(2, 5, 8), requests.stream().map(HttpRequest::line).toList());
        assertEquals(List.of(1, 2, 3), requests.stream().map(HttpRequest::number).toList());
        assertNull(requests.get(0).body());
        HttpRequest search = requests.get(2);
        assertEquals("/logs/_search", search.path());
        assertEquals(List.of(Map.entry("size", "0"), Map.entry("track_total_hits", "true")), search.query());
        assertEquals("{\"query\": {\"match_all\": {}}}", search.body(), "a body right under the request line is the body");
        assertEquals("application/json; charset=UTF-8", search.header("Content-Type").orElseThrow());
    }

    @Test
    void bulkBodiesAreNdjsonEndingWithANewline() {
        HttpRequest bulk = parse("""
                POST /_bulk?refresh=true

                { "index": { "_index": "products", "_id": "1" } }
                { "name": "Lamp", "price": 19.99 }

                { "delete": { "_index": "products", "_id": "2" } }
                """).get(0);
        assertEquals("""
                { "index": { "_index": "products", "_id": "1" } }
                { "name": "Lamp", "price": 19.99 }
                { "delete": { "_index": "products", "_id": "2" } }
                """, bulk.body());
        assertEquals("application/x-ndjson", bulk.header("Content-Type").orElseThrow());
    }

    @Test
    void aBulkLineThatIsNotOneJsonValueIsRejectedWithItsLine() {
        MigrationSourceException e = rejected("""
                POST /products/_bulk

                { "index": { "_id": "1" } }
                { "name": "Lamp",
                  "price": 19.99 }
                """);
        assertEquals(4, e.line());
        assertTrue(e.getMessage().startsWith(FILE + ":4: "), e.getMessage());
        assertTrue(e.getMessage().contains("NDJSON"), e.getMessage());
    }

    @Test
    void aBodyThatIsNotJsonIsRejectedWithTheFileLine() {
        MigrationSourceException e = rejected("""
                PUT /products

                {
                  "settings": { "number_of_shards": 1 }
                  "mappings": {}
                }
                """);
        assertEquals(5, e.line());
        assertEquals(ExitCode.USAGE_OR_CONFIGURATION, e.kind());
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        assertTrue(!e.getMessage().contains("Source:"), "no parser internals: " + e.getMessage());
    }

    @Test
    void duplicateKeysAndTrailingValuesAreNotJsonEither() {
        assertTrue(rejected("PUT /a\n\n{\"settings\": {}, \"settings\": {}}\n").getMessage().contains("Duplicate field"));
        assertEquals(4, rejected("PUT /a\n\n{}\n{}\n").line());
    }

    @Test
    void otherContentTypesAreSentAsWritten() {
        HttpRequest r = parse("""
                POST /_ingest/pipeline/_simulate
                Content-Type: text/plain

                # not a comment here
                plain text
                """).get(0);
        assertEquals("# not a comment here\nplain text", r.body());
    }

    @Test
    void acceptsAnHttpVersionAndLowerCaseMethods() {
        HttpRequest r = parse("delete /old_index HTTP/1.1\n").get(0);
        assertEquals("DELETE", r.method());
        assertEquals("/old_index", r.path());
    }

    @Test
    void badRequestLinesAreRejectedWithFileAndLine() {
        MigrationSourceException unknown = rejected("# first\nFETCH /products\n");
        assertEquals(2, unknown.line());
        assertTrue(unknown.getMessage().contains("unknown method 'FETCH'"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH"));

        assertTrue(rejected("PUT\n").getMessage().contains("is not a request line"));
        assertTrue(rejected("PUT /a extra words\n").getMessage().contains("is not a request line"));
        assertTrue(rejected("PUT products\n").getMessage().contains("must start with /"));
    }

    @Test
    void aFileCannotSendRequestsToAnotherHost() {
        assertTrue(rejected("PUT http://evil.example:9200/products\n").getMessage().contains("names a host"));
        assertTrue(rejected("PUT //evil.example/products\n").getMessage().contains("would name a host"));
        assertTrue(rejected("GET /\\\\evil.example/x\n").getMessage().contains("percent-encode"));
        MigrationSourceException host = rejected("PUT /products\nHost: evil.example\n");
        assertEquals(2, host.line());
        assertTrue(host.getMessage().contains("Host header"), host.getMessage());
    }

    @Test
    void headerLinesMustBeHeaders() {
        MigrationSourceException e = rejected("PUT /products\nthis is no header\n\n{}\n");
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("blank line"), e.getMessage());
    }

    @Test
    void queryParametersAreDecodedAndCheckedForDuplicates() {
        HttpRequest r = parse("GET /logs/_search?q=level%3Aerror&pretty\n").get(0);
        assertEquals(List.of(Map.entry("q", "level:error"), new java.util.AbstractMap.SimpleImmutableEntry<>("pretty", null)),
                r.query());
        assertTrue(rejected("GET /a?size=1&size=2\n").getMessage().contains("given twice"));
    }

    @Test
    void aFileWithoutRequestsIsAnError() {
        MigrationSourceException e = rejected("# nothing yet\n###\n\n");
        assertEquals(0, e.line());
        assertTrue(e.getMessage().contains("holds no request"), e.getMessage());
    }

    @Test
    void windowsLineEndingsReadTheSame() {
        HttpRequest r = parse("PUT /a\r\nContent-Type: application/json\r\n\r\n{\"settings\": {}}\r\n").get(0);
        assertEquals("{\"settings\": {}}", r.body());
    }
}
