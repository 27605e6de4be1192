package dev.weave.store.elasticsearch;

import com.fasterxml.jackson.core.JsonParser;
import dev.weave.model.EntryType;
import dev.weave.model.LedgerEntry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The bookkeeping's JSON without a node: documents written and read field by field, errors read from answers. */
class JsonBookkeepingTest {

    @Test
    void aLedgerDocumentLeavesOutNullFieldsAndReadsBackTheSameEntry() throws IOException {
        LedgerEntry entry = new LedgerEntry(3, null, "seed \"data\" ü", EntryType.REPEATABLE, "R__seed.http", "sha256:ab",
                "ci", Instant.parse("2026-05-06T07:08:09.123456Z"), 42, false);

        String json = LedgerDocument.of(entry).toJson();

        assertEquals("{\"installed_rank\":3,\"description\":\"seed \\\"data\\\" ü\",\"type\":\"REPEATABLE\","
                + "\"script\":\"R__seed.http\",\"checksum\":\"sha256:ab\",\"installed_by\":\"ci\","
                + "\"installed_on\":\"2026-05-06T07:08:09.123Z\",\"execution_time\":42,\"success\":false}", json);
        LedgerEntry back = read(json).toEntry();
        assertEquals(new LedgerEntry(3, null, "seed \"data\" ü", EntryType.REPEATABLE, "R__seed.http", "sha256:ab", "ci",
                Instant.parse("2026-05-06T07:08:09.123Z"), 42, false), back);
    }

    @Test
    void installedOnReadsAsInstantParseReadsIt() {
        // the short way for what Weave writes; everything else, errors included, as Instant.parse has it
        String[] texts = {"2026-11-22T03:24:04Z", "2026-11-22T03:24:04.5Z", "2026-11-22T03:24:04.519Z",
                "2024-02-29T23:59:59.123456789Z", "1970-01-01T00:00:00.000Z", "2026-12-31T00:00:00.000001Z",
                "+12026-01-01T00:00:00Z", "2026-11-22T24:00:00Z", "2026-12-31T23:59:60Z", "2026-11-22T03:24:04.Z",
                "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-22T25:00:00Z", "2026-11-22T03:2x:04Z",
                "2026-11-22 03:24:04Z", "2026-11-22T03:24:04.1234567891Z"};
        int parsed = 0;
        for (String text : texts) {
            Instant expected;
            try {
                expected = Instant.parse(text);
            } catch (java.time.format.DateTimeParseException e) {
                assertThrows(java.time.format.DateTimeParseException.class, () -> LedgerDocument.instant(text), text);
                continue;
            }
            assertEquals(expected, LedgerDocument.instant(text), text);
            parsed++;
        }
        assertEquals(10, parsed, "the list holds both kinds");
    }

    @Test
    void valuesAreCoercedLikeTheDataBindingDid() throws IOException {
        LedgerDocument doc = read("{\"installed_rank\": \"7\", \"version\": 2, \"type\": \"VERSIONED\","
                + " \"execution_time\": \"15\", \"success\": \"true\", \"description\": {\"odd\": [1]}, \"checksum\": null}");

        assertEquals(7, doc.installedRank());
        assertEquals("2", doc.version());
        assertEquals(15, doc.executionTime());
        assertEquals(true, doc.success());
        assertNull(doc.description());
        assertNull(doc.checksum());
        assertNull(doc.installedOn());
    }

    @Test
    void aLockDocumentKeepsItsFieldsAndOrder() {
        LockDocument lock = new LockDocument("me@host pid 1 abc", "2026-01-01T00:00:00Z", "2026-01-01T00:00:10Z", 1234L);

        assertEquals("{\"owner\":\"me@host pid 1 abc\",\"acquired_at\":\"2026-01-01T00:00:00Z\","
                + "\"renewed_at\":\"2026-01-01T00:00:10Z\",\"expires_at\":1234}", lock.toJson());
        assertEquals(lock, LockDocument.of(Json.MAPPER.valueToTree(java.util.Map.of("owner", "me@host pid 1 abc",
                "acquired_at", "2026-01-01T00:00:00Z", "renewed_at", "2026-01-01T00:00:10Z", "expires_at", 1234))));
        assertEquals(new LockDocument(null, null, null, 0), LockDocument.of(Json.MAPPER.createObjectNode()));
    }

    @Test
    void statusTypeAndReasonComeFromTheAnswerWhereverItIsInTheCauses() {
        RawResponse conflict = new RawResponse(409, "Conflict", "{\"error\": {\"type\": \"version_conflict_engine_exception\","
                + " \"reason\": \"[lock]: version conflict, required seqNo [3]\"}, \"status\": 409}");
        RuntimeException wrapped = new RuntimeException("outer", new ErrorResponse(conflict));

        assertEquals(409, ClientErrors.status(wrapped));
        assertEquals("version_conflict_engine_exception", ClientErrors.type(wrapped));
        assertEquals("HTTP 409 version_conflict_engine_exception: [lock]: version conflict, required seqNo [3]",
                ClientErrors.describe(wrapped));
        assertEquals("HTTP 404", ClientErrors.describe(new ErrorResponse(new RawResponse(404, "Not Found", ""))));
        assertEquals(-1, ClientErrors.status(new IOException("Connection refused")));
        assertEquals("", ClientErrors.type(new IOException("Connection refused")));
        assertEquals("Connection refused", ClientErrors.describe(new IOException("Connection refused")));
        assertEquals("resource_already_exists_exception", new RawResponse(400, "Bad Request",
                "{\"error\": {\"type\": \"resource_already_exists_exception\", \"reason\": \"x\"}}").errorType());
    }

    @Test
    void documentIdsArePathEncoded() {
        assertEquals("alias%3Alogs_v1%2Flogs", HttpPaths.encode(new Resource(Resource.Kind.ALIAS, "logs_v1/logs").id()));
        assertEquals("a%20b%2Bc", HttpPaths.encode("a b+c"));
    }

    private static LedgerDocument read(String json) throws IOException {
        try (JsonParser p = Json.FACTORY.createParser(json)) {
            p.nextToken();
            return LedgerDocument.read(p);
        }
    }
}
