package dev.weave.store.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weave.api.CleanResult;
import dev.weave.api.MigrateResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The files people keep in elasticsearch/scripts (mappings, component and index templates, aliases,
 * _bulk seed data, mapping updates) applied to the real node, then removed again by clean --all.
 */
class RealWorldFilesTest {

    private static final List<String> FILES = List.of("V1__create_products_index.http", "V2__log_templates.http",
            "V3__first_log_index_and_aliases.http", "V4__seed_products.http", "V5__add_stock.http");

    @TempDir
    Path folder;
    private TargetOnNode t;
    private String p;

    @BeforeEach
    void target(TestInfo info) throws IOException {
        t = new TargetOnNode(info.getTestMethod().orElseThrow().getName(), folder);
        p = t.prefix;
        for (String file : FILES) {
            try (InputStream in = getClass().getResourceAsStream("/realworld/" + file)) {
                t.write(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void mappingsTemplatesAliasesAndBulkDataLandInTheCluster() {
        MigrateResult result = t.weave().migrate(t.name);

        assertEquals(List.of("1", "2", "3", "4", "5"), result.applied().stream().map(m -> m.version()).toList());
        JsonNode mapping = t.node.json("GET", "/" + p + "products_v1/_mapping", null).path(p + "products_v1").path("mappings");
        assertEquals("strict", mapping.path("dynamic").asText());
        assertEquals("float", mapping.path("properties").path("price").path("type").asText());
        assertEquals("integer", mapping.path("properties").path("stock").path("type").asText(), "V5's mapping update");

        JsonNode template = t.node.json("GET", "/_index_template/" + p + "logs", null).path("index_templates").get(0);
        assertEquals(List.of(p + "log_settings", p + "log_mappings"),
                List.of(template.path("index_template").path("composed_of").get(0).asText(),
                        template.path("index_template").path("composed_of").get(1).asText()));
        JsonNode logs = t.node.json("GET", "/" + p + "logs-2024.01", null).path(p + "logs-2024.01");
        assertEquals("keyword", logs.path("mappings").path("properties").path("level").path("type").asText(),
                "the log index got its mapping from the component template");
        assertTrue(logs.path("aliases").has(p + "all_logs"), "alias from the index template: " + logs.path("aliases"));
        assertTrue(logs.path("aliases").path(p + "logs_write").path("is_write_index").asBoolean(), logs.path("aliases").toString());

        assertEquals(3, t.node.json("GET", "/" + p + "products/_count", null).path("count").asInt(),
                "two bulk documents and one from V5, counted through the alias");
        assertTrue(t.exists("/" + p + "audit"), "the index created by its first bulk document");
    }

    @Test
    void suffixesInAnyCaseAreMigrationsAsElasticsearchEvolutionReadsThem() {
        t.write("V6__upper.HTTP", "PUT /${p}upper_suffix\n");
        t.write("V7__mixed.Http", "PUT /${p}mixed_suffix\n");

        MigrateResult result = t.weave().migrate(t.name);

        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7"), result.applied().stream().map(m -> m.version()).toList());
        assertTrue(t.exists("/" + p + "upper_suffix"), "V6__upper.HTTP ran");
        assertTrue(t.exists("/" + p + "mixed_suffix"), "V7__mixed.Http ran");
    }

    @Test
    void cleanAllRemovesWhatTheMigrationsCreatedAndNothingElse() {
        t.node.send("PUT", "/" + p + "existing", null);
        t.write("V6__write_into_an_existing_index.http", "POST /${p}existing/_doc?refresh=true\n{\"note\": \"not ours\"}\n");
        t.weave().migrate(t.name);
        dev.weave.api.DiffResult drift = t.weave().diff(t.name, false);
        assertTrue(drift.equal() && drift.objects() > 10, "the templates, indices and aliases of a real tree read back as"
                + " recorded: " + drift);

        CleanResult clean = t.weave().clean(t.name, true, true);

        assertEquals(List.of(
                "alias " + p + "logs-2024.01/" + p + "logs_write",
                "alias " + p + "products_v1/" + p + "products",
                "index " + p + "audit",
                "index " + p + "logs-2024.01",
                "index " + p + "products_v1",
                "index template " + p + "logs",
                "component template " + p + "log_mappings",
                "component template " + p + "log_settings",
                "recorded schema index " + t.ledgerIndex() + "_schema",
                "ledger index " + t.ledgerIndex(),
                "lock index " + t.lockIndex()), clean.removed());
        assertEquals(List.of(p + "existing"), t.node.indices(p), "only the index that was there before Weave is left");
        for (String path : List.of("/_index_template/" + p + "logs", "/_component_template/" + p + "log_mappings",
                "/_component_template/" + p + "log_settings")) {
            assertFalse(t.exists(path), path + " should be gone");
        }

        assertEquals(6, t.weave().migrate(t.name).applied().size(), "the same files apply again after clean --all");
    }
}
