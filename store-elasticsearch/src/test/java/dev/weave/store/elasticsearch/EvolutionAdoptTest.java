package dev.weave.store.elasticsearch;

import com.senacor.elasticsearch.evolution.core.ElasticsearchEvolution;
import dev.weave.api.AdoptResult;
import dev.weave.api.MigrateResult;
import dev.weave.api.ValidationResult;
import dev.weave.core.Weave;
import dev.weave.error.ConfigurationException;
import dev.weave.model.EntryType;
import dev.weave.model.LedgerEntry;
import dev.weave.peers.EvolutionWithoutPainless;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code weave db adopt --from elasticsearch-evolution} on the history index the real elasticsearch-evolution (from
 * Maven Central, run here against the real node) writes: its checksums recomputed by Weave match, migrate then
 * runs only the new file, validate passes, a second adopt writes nothing; an edited file, a history left locked
 * and an index that is not there are errors that write nothing.
 */
class EvolutionAdoptTest {

    @TempDir
    Path folder;

    private TargetOnNode target;
    private String history;

    private TargetOnNode applyWithEvolution(TestInfo test) throws Exception {
        target = new TargetOnNode(test.getTestMethod().orElseThrow().getName(), folder);
        history = target.prefix + "es_evolution";
        target.write("V1__create_people.http", "PUT /${p}people\nContent-Type: application/json\n\n"
                + "{\"mappings\": {\"properties\": {\"name\": {\"type\": \"keyword\"}}}}\n");
        target.write("V1.1__add_ada.http", "# a comment line\r\nPUT /${p}people/_doc/1?refresh=true\r\n"
                + "Content-Type: application/json\r\n\r\n{\"name\": \"Ada\"}");
        assertEquals(2, migrateWithEvolution(), "elasticsearch-evolution ran both files");
        return target;
    }

    /** The real elasticsearch-evolution over the folder, into this test's history index, as its users run it. */
    private int migrateWithEvolution() throws Exception {
        try (RestClient client = RestClient.builder(new HttpHost(target.server.host(), target.server.port(), "http")).build()) {
            return new EvolutionWithoutPainless(ElasticsearchEvolution.configure()
                    .setLocations(List.of("file:" + folder))
                    .setHistoryIndex(history)
                    .setPlaceholders(Map.of("p", target.prefix)), client).migrate();
        }
    }

    @Test
    void theHistoryIsAdoptedAndMigrateGoesOnWithTheNewFileOnly(TestInfo test) throws Exception {
        applyWithEvolution(test);
        target.write("V2__add_grace.http", "PUT /${p}people/_doc/2?refresh=true\n\n{\"name\": \"Grace\"}\n");
        Weave weave = target.weave();

        AdoptResult dry = weave.adopt(target.name, "elasticsearch-evolution", history, true);
        assertEquals(List.of("MATCH", "MATCH"), dry.mapping().stream().map(AdoptResult.Mapping::checksum).toList(),
                "elasticsearch-evolution's checksum recomputed by Weave for each file, CRLF included: " + dry.mapping());
        assertEquals(0, weave.history(target.name).entries().size(), "a dry run writes nothing");

        AdoptResult adopted = weave.adopt(target.name, "elasticsearch-evolution", history, false);
        assertEquals(2, adopted.written(), adopted.toString());
        List<LedgerEntry> ledger = weave.history(target.name).entries();
        assertEquals(List.of(EntryType.ADOPTED, EntryType.ADOPTED), ledger.stream().map(LedgerEntry::type).toList());
        assertEquals(List.of("1", "1.1"), ledger.stream().map(LedgerEntry::version).toList());
        assertTrue(ledger.get(0).installedOn() != null, "when elasticsearch-evolution ran it is kept: " + ledger.get(0));

        MigrateResult migrate = weave.migrate(target.name);
        assertEquals(List.of("V2__add_grace.http"), migrate.applied().stream().map(m -> m.script()).toList(),
                "only the new file runs; elasticsearch-evolution's work is not redone");
        assertEquals(2, target.node.json("GET", "/" + target.prefix + "people/_count", null).path("count").asInt());
        assertEquals(ValidationResult.Outcome.VALID, weave.validate(target.name, false).outcome());

        AdoptResult again = weave.adopt(target.name, "elasticsearch-evolution", history, false);
        assertEquals(0, again.written(), "adopting twice writes nothing new: " + again);
        target.node.json("POST", "/" + history + "/_refresh", null);
        assertEquals(2, target.node.json("GET", "/" + history + "/_count", null).path("count").asInt(),
                "the old history is only read");
    }

    @Test
    void aFileEditedSinceElasticsearchEvolutionRanItIsRefusedAndNothingIsWritten(TestInfo test) throws Exception {
        applyWithEvolution(test);
        target.write("V1.1__add_ada.http", "PUT /${p}people/_doc/1?refresh=true\n\n{\"name\": \"Ada Lovelace\"}\n");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> target.weave().adopt(target.name, "elasticsearch-evolution", history, false));
        assertTrue(e.getMessage().contains("V1.1__add_ada.http was edited after elasticsearch-evolution ran it")
                && e.getMessage().contains(history + " document 1.1") && e.getMessage().contains("nothing was written"),
                e.getMessage());
        assertEquals(0, target.weave().history(target.name).entries().size());
    }

    @Test
    void aScriptThatFailedUnderElasticsearchEvolutionIsRefused(TestInfo test) throws Exception {
        applyWithEvolution(test);
        target.write("V1.2__broken.http", "PUT /${p}people/_doc/3\nContent-Type: application/json\n\n{not json\n");
        assertThrows(RuntimeException.class, this::migrateWithEvolution, "the broken script fails under the real tool");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> target.weave().adopt(target.name, "elasticsearch-evolution", history, false));
        assertTrue(e.getMessage().contains(history + " document 1.2: version 1.2 (V1.2__broken.http) failed in"
                + " elasticsearch-evolution") && e.getMessage().contains("nothing was written"), e.getMessage());
        assertEquals(0, target.weave().history(target.name).entries().size());
    }

    @Test
    void aHistoryLeftLockedIsRefused(TestInfo test) throws Exception {
        applyWithEvolution(test);
        // what a run that died holding elasticsearch-evolution's lock leaves: every document locked
        target.node.json("POST", "/" + history + "/_update/1?refresh=true", "{\"doc\": {\"locked\": true}}");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> target.weave().adopt(target.name, "elasticsearch-evolution", history, false));
        assertTrue(e.getMessage().contains(history + " document 1 is locked") && e.getMessage().contains("nothing was written"),
                e.getMessage());
        assertEquals(0, target.weave().history(target.name).entries().size());
    }

    @Test
    void anIndexThatIsNotThereIsNamed(TestInfo test) throws Exception {
        target = new TargetOnNode(test.getTestMethod().orElseThrow().getName(), folder);
        Files.writeString(folder.resolve("V1__x.http"), "PUT /${p}x\n");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> target.weave().adopt(target.name, "elasticsearch-evolution", target.prefix + "es_evolution", false));
        assertTrue(e.getMessage().contains("there is no index " + target.prefix + "es_evolution")
                && e.getMessage().contains("--index"), e.getMessage());
    }
}
