package dev.weave.store.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weave.api.MigrationFailedException;
import dev.weave.api.ValidationFailedException;
import dev.weave.error.ExitCode;
import dev.weave.error.MigrationSourceException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Elasticsearch cannot roll back: when a later request of a file fails, the earlier ones stay applied,
 * the migration is recorded as failed (never as success), and migrate refuses to go on until the file is
 * fixed and repair is run.
 */
class PartialFailureTest {

    @TempDir
    Path folder;
    private TargetOnNode t;
    private String p;

    @BeforeEach
    void target(TestInfo info) {
        t = new TargetOnNode(info.getTestMethod().orElseThrow().getName(), folder);
        p = t.prefix;
    }

    @Test
    void aFailingSecondRequestIsRecordedAsFailedAndBlocksUntilFixedAndRepaired() {
        t.write("V1__orders.http", """
                PUT /${p}orders
                ###
                # an upper-case index name is refused with a 400
                PUT /${p}Orders_Archive
                """);

        MigrationFailedException failure = assertThrows(MigrationFailedException.class, () -> t.weave().migrate(t.name));

        assertEquals(ExitCode.MIGRATION_FAILED, failure.kind());
        String message = failure.getMessage();
        assertTrue(message.contains("V1__orders.http:4: V1 orders failed at request 2"), message);
        assertFalse(message.contains("statement"), "a .http file holds requests, not statements: " + message);
        assertTrue(message.contains("HTTP 400 Bad Request: invalid_index_name_exception"), message);
        assertTrue(message.contains("must be lowercase"), "Elasticsearch's reason: " + message);
        assertTrue(message.contains("recorded as failed"), message);
        assertTrue(t.exists("/" + p + "orders"), "request 1 stays applied: there is no rollback");
        JsonNode entry = ledgerDocument("1");
        assertFalse(entry.path("success").asBoolean(true), entry.toString());
        assertEquals("V1__orders.http", entry.path("script").asText());

        ValidationFailedException blocked = assertThrows(ValidationFailedException.class, () -> t.weave().migrate(t.name));
        assertTrue(blocked.getMessage().contains("repair"), blocked.getMessage());

        // the user undoes by hand what request 1 did, fixes the file, and repairs
        t.node.send("DELETE", "/" + p + "orders", null);
        t.write("V1__orders.http", "PUT /${p}orders\n###\nPUT /${p}orders_archive\n");
        assertEquals(1, t.weave().repair(t.name).actions().size());
        assertEquals(1, t.weave().migrate(t.name).applied().size());

        assertTrue(t.exists("/" + p + "orders_archive"));
        // repair removed the failed entry, so the fixed run takes its rank again
        assertEquals(1, t.weave().history(t.name).entries().size());
        JsonNode fixed = ledgerDocument("1");
        assertTrue(fixed.path("success").asBoolean(), fixed.toString());
    }

    @Test
    void aBulkWithAFailedItemIsAFailureEvenThoughElasticsearchAnswers200() {
        t.write("V1__strict.http", """
                PUT /${p}strict
                {"mappings": {"dynamic": "strict", "properties": {"name": {"type": "keyword"}}}}
                """);
        t.write("V2__seed.http", """
                POST /${p}strict/_bulk?refresh=true

                {"index": {"_id": "1"}}
                {"name": "ok"}
                {"index": {"_id": "2"}}
                {"unknown_field": "refused by the strict mapping"}
                """);

        MigrationFailedException failure = assertThrows(MigrationFailedException.class, () -> t.weave().migrate(t.name));

        assertTrue(failure.getMessage().contains("1 of 2 items failed"), failure.getMessage());
        assertTrue(failure.getMessage().contains("strict_dynamic_mapping_exception"), failure.getMessage());
        assertTrue(failure.getMessage().contains("the requests before the failing one stay applied"), failure.getMessage());
        assertFalse(ledgerDocument("2").path("success").asBoolean(true));
        assertEquals(1, t.node.json("GET", "/" + p + "strict/_count", null).path("count").asInt());
    }

    @Test
    void aBadFileStopsTheRunBeforeAnythingIsSent() {
        t.write("V1__good.http", "PUT /${p}good\n");
        t.write("V2__bad.http", "PUT /${p}bad\n\n{\"settings\": {\"number_of_shards\": 1,}}\n");

        MigrationSourceException e = assertThrows(MigrationSourceException.class, () -> t.weave().migrate(t.name));

        assertEquals(ExitCode.USAGE_OR_CONFIGURATION, e.kind());
        assertTrue(e.getMessage().contains("V2__bad.http:3: the body is not valid JSON"), e.getMessage());
        assertFalse(t.exists("/" + p + "good"), "V1 was not applied either");
        assertTrue(t.weave().history(t.name).entries().isEmpty());
    }

    @Test
    void theLedgerIsOneDocumentPerEntryWithTheRankAsId() {
        t.write("V1__a.http", "PUT /${p}a\n");
        t.write("R__settings.http", "PUT /${p}a/_settings\n{\"index\": {\"refresh_interval\": \"2s\"}}\n");
        t.weave(b -> b.installedBy("ci-bot")).migrate(t.name);

        JsonNode versioned = ledgerDocument("1");
        assertEquals(List.of("installed_rank", "version", "description", "type", "script", "checksum", "installed_by",
                "installed_on", "execution_time", "success"), fieldNames(versioned));
        assertEquals("VERSIONED", versioned.path("type").asText());
        assertEquals("ci-bot", versioned.path("installed_by").asText());
        assertTrue(versioned.path("checksum").asText().startsWith("sha256:"));
        JsonNode repeatable = ledgerDocument("2");
        assertEquals("REPEATABLE", repeatable.path("type").asText());
        assertTrue(repeatable.path("version").isNull() || repeatable.path("version").isMissingNode(), repeatable.toString());
        assertEquals("true", t.node.json("GET", "/" + t.ledgerIndex() + "/_settings", null)
                .path(t.ledgerIndex()).path("settings").path("index").path("hidden").asText(), "hidden from wildcards");
    }

    private JsonNode ledgerDocument(String id) {
        JsonNode doc = t.node.json("GET", "/" + t.ledgerIndex() + "/_doc/" + id, null);
        assertTrue(doc.path("found").asBoolean(), doc.toString());
        return doc.path("_source");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
