package dev.weave.bench;

import com.senacor.elasticsearch.evolution.core.ElasticsearchEvolution;
import dev.weave.peers.EvolutionWithoutPainless;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** elasticsearch-evolution: configure, load with a REST client, migrate (its only command). */
final class EvolutionPeer implements PeerRunner {

    @Override
    public Map<String, String> run(String operation, Path dir, Connections c) throws Exception {
        if (!operation.equals("migrate")) {
            throw new IllegalArgumentException("elasticsearch-evolution has no " + operation);
        }
        try (RestClient client = RestClient.builder(new HttpHost(c.esHost(), c.esPort(), "http")).build()) {
            ElasticsearchEvolution evolution = new EvolutionWithoutPainless(ElasticsearchEvolution.configure()
                    .setLocations(List.of("file:" + dir))
                    // the default (1,000) refuses longer histories; 10,000 is the most one search may return
                    .setHistoryMaxQuerySize(10_000), client);
            return Map.of("applied", String.valueOf(evolution.migrate()));
        }
    }
}
