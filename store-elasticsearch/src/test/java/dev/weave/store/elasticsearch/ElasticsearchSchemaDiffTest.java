package dev.weave.store.elasticsearch;

import dev.weave.api.AutoCreateResult;
import dev.weave.api.DiffResult;
import dev.weave.core.Weave;
import dev.weave.error.MigrationSourceException;
import dev.weave.spi.schema.SchemaDifference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code weave db create --auto} and {@code weave db diff} on the real Elasticsearch: a declared index with
 * settings, mapping and alias, and a template are generated, migrated and compared equal; a field mapped
 * by hand is drift, named; a mapping change is written commented out (it needs a reindex).
 */
class ElasticsearchSchemaDiffTest {

    @TempDir
    Path folder;
    @TempDir
    Path schema;

    private Weave weave(TargetOnNode target) {
        return target.weave(b -> b.schemaLocation(schema));
    }

    @Test
    void aDeclaredIndexAndTemplateAreGeneratedMigratedAndThenEqual(TestInfo test) throws Exception {
        TargetOnNode t = new TargetOnNode(test.getTestMethod().orElseThrow().getName(), folder);
        String p = t.prefix;
        t.write("V1__docs.http", "PUT /" + p + "docs\nContent-Type: application/json\n\n"
                + "{\"settings\": {\"number_of_replicas\": 0}, \"mappings\": {\"properties\": {\"title\": {\"type\": \"text\"}}}}\n");
        Files.writeString(schema.resolve(t.name + ".json"), """
                {
                  "indices": {
                    "%1$sdocs": {
                      "settings": {"index": {"number_of_replicas": "0"}},
                      "mappings": {"properties": {
                        "title": {"type": "text"},
                        "owner": {"properties": {"name": {"type": "keyword"}, "since": {"type": "date"}}}
                      }},
                      "aliases": {"%1$sdocuments": {}}
                    },
                    "%1$snotes": {
                      "settings": {"number_of_shards": 1, "number_of_replicas": 0,
                                   "analysis": {"analyzer": {"folded": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]}}}},
                      "mappings": {"dynamic": "strict", "properties": {"body": {"type": "text", "analyzer": "folded"}}}
                    }
                  },
                  "index_templates": {
                    "%1$slogs": {"index_patterns": ["%1$slogs-*"], "priority": 7,
                                 "template": {"settings": {"number_of_replicas": 0}, "mappings": {"properties": {"at": {"type": "date"}}}}}
                  }
                }
                """.formatted(p));
        Weave weave = weave(t);
        weave.migrate(t.name);

        AutoCreateResult created = weave.createAuto(t.name, "search schema");
        String text = Files.readString(created.file());
        assertTrue(text.contains("PUT /" + p + "docs/_mapping"), text);
        assertTrue(text.contains("PUT /" + p + "notes\nContent-Type: application/json"), text);
        assertTrue(text.indexOf("PUT /_index_template/" + p + "logs") < text.indexOf("PUT /" + p + "notes"), text);
        assertTrue(text.contains("POST /_aliases"), text);
        assertEquals(0, created.toReview(), text);

        weave.migrate(t.name);
        assertEquals(List.of(), described(weave.diff(t.name, true)), "the declared schema is what the migrations made");
        assertEquals(List.of(), described(weave.diff(t.name, false)), "no drift");
        assertNull(weave.createAuto(t.name, "again").file());
    }

    @Test
    void aFieldMappedByHandIsDriftAndAChangedMappingNeedsReview(TestInfo test) throws Exception {
        TargetOnNode t = new TargetOnNode(test.getTestMethod().orElseThrow().getName(), folder);
        String p = t.prefix;
        t.write("V1__docs.http", "PUT /" + p + "docs\nContent-Type: application/json\n\n"
                + "{\"mappings\": {\"properties\": {\"title\": {\"type\": \"text\"}}}}\n");
        Weave weave = weave(t);
        weave.migrate(t.name);
        assertTrue(weave.diff(t.name, false).equal());

        t.node.send("PUT", "/" + p + "docs/_mapping", "{\"properties\": {\"rogue\": {\"type\": \"long\"}}}");
        DiffResult drift = weave.diff(t.name, false);
        assertEquals(List.of("extra field " + p + "docs.rogue"), described(drift));
        assertEquals("{\"type\":\"long\"}", drift.differences().get(0).actual().get("mapping"));

        Files.writeString(schema.resolve(t.name + ".json"), "{\"indices\": {\"" + p + "docs\": {\"mappings\": {\"properties\":"
                + " {\"title\": {\"type\": \"keyword\"}, \"rogue\": {\"type\": \"long\"}}}}}}");
        AutoCreateResult created = weave.createAuto(t.name, "title as keyword");
        String text = Files.readString(created.file());
        assertTrue(text.contains("# weave:review field " + p + "docs.title changes its mapping"), text);
        assertEquals(1, created.toReview(), text);
    }

    @Test
    void aDeclaredSchemaThatIsNotJsonNamesItsLine(TestInfo test) throws Exception {
        TargetOnNode t = new TargetOnNode(test.getTestMethod().orElseThrow().getName(), folder);
        Files.writeString(schema.resolve(t.name + ".json"), "{\n  \"indices\": {\n    \"x\": {,}\n  }\n}\n");
        MigrationSourceException e = assertThrows(MigrationSourceException.class, () -> weave(t).createAuto(t.name, "x"));
        assertTrue(e.getMessage().contains(t.name + ".json:3") && e.getMessage().contains("not JSON"), e.getMessage());
        Files.writeString(schema.resolve(t.name + ".json"), "{\n  \"index\": {}\n}\n");
        e = assertThrows(MigrationSourceException.class, () -> weave(t).createAuto(t.name, "x"));
        assertTrue(e.getMessage().contains(t.name + ".json:2") && e.getMessage().contains("unknown key 'index'"), e.getMessage());
    }

    private static List<String> described(DiffResult result) {
        return result.differences().stream().map(SchemaDifference::describe).toList();
    }
}
