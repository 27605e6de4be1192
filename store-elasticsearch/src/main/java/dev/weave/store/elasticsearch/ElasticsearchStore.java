package dev.weave.store.elasticsearch;

import dev.weave.spi.EnvironmentSettings;
import dev.weave.spi.SettingSpec;
import dev.weave.spi.Layout;
import dev.weave.spi.Script;
import dev.weave.spi.StoreAdapter;
import dev.weave.spi.StoreConnection;
import dev.weave.spi.TargetSettings;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Elasticsearch: {@code .http} files (requests, as elasticsearch-evolution reads them) in
 * {@code elasticsearch/scripts}, the ledger in an index ({@code weave_schema_history}), a lease lock in a
 * document. Settings and their environment variables: {@link ElasticsearchSettings}.
 */
public final class ElasticsearchStore implements StoreAdapter {

    private static final Map<String, String> ENVIRONMENT = SettingSpec.environmentMapping(ElasticsearchSettings.ALL);

    @Override
    public String storeType() {
        return "elasticsearch";
    }

    /** A .http file is a list of requests: "failed at request 2", as the file's own ### separators count. */
    @Override
    public String scriptPartName() {
        return "request";
    }

    @Override
    public Set<String> extensions() {
        return Set.of(".http");
    }

    @Override
    public Layout layout() {
        return new Layout.FixedFolder("elasticsearch/scripts", "elasticsearch");
    }

    @Override
    public Map<String, String> environmentSettings(Map<String, String> environment) {
        return EnvironmentSettings.read(environment, ENVIRONMENT);
    }

    @Override
    public List<String> clientTypes() {
        return List.of("org.elasticsearch.client.RestClient");
    }

    @Override
    public List<SettingSpec> settings() {
        return ElasticsearchSettings.ALL;
    }

    @Override
    public String foreignChecksum(String tool, java.nio.file.Path file) {
        return tool.equals(ForeignHistories.ELASTICSEARCH_EVOLUTION)
                ? String.valueOf(EvolutionChecksum.elasticsearchEvolution(file)) : null;
    }

    @Override
    public List<dev.weave.spi.lint.LintRule> lintRules() {
        return ElasticsearchLinter.RULES;
    }

    @Override
    public dev.weave.spi.lint.StoreLinter linter() {
        return new ElasticsearchLinter();
    }

    /** elasticsearch-evolution's history index, for {@code weave db adopt}. */
    @Override
    public Map<String, String> historySources() {
        return ForeignHistories.SOURCES;
    }

    @Override
    public StoreConnection connect(TargetSettings target) {
        return new ElasticsearchConnection(Cluster.open(ElasticsearchEndpoint.of(target)));
    }

    /** Parses every request (and checks every JSON body) so a bad file stops the run before anything is sent. */
    @Override
    public int checkScript(Script script) {
        return HttpScriptParser.parse(script).size();
    }

    @Override
    public dev.weave.spi.schema.StoreSchema schema() {
        return new ElasticsearchSchema();
    }

    @Override
    public String newScriptTemplate(String fileName) {
        return """
                # %s: write this migration's requests below, each as
                #   METHOD /path        (e.g. PUT /my_index)
                #   Header: value       (optional header lines)
                #   <blank line>
                #   {"json": "body"}
                # and separate requests by a line of ###. Weave records the file once every request succeeded.
                # As long as this file holds only comments, weave db migrate refuses it rather than recording it empty.

                """.formatted(fileName);
    }
}
