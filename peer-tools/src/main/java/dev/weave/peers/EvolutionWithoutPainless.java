package dev.weave.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.senacor.elasticsearch.evolution.core.ElasticsearchEvolution;
import com.senacor.elasticsearch.evolution.core.api.config.ElasticsearchEvolutionConfig;
import com.senacor.elasticsearch.evolution.core.api.migration.HistoryRepository;
import com.senacor.elasticsearch.evolution.core.internal.migration.execution.HistoryRepositoryImpl;
import com.senacor.elasticsearch.evolution.core.internal.migration.execution.MigrationScriptProtocolMapper;
import com.senacor.elasticsearch.evolution.core.internal.model.dbhistory.MigrationScriptProtocol;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * elasticsearch-evolution 0.6.1 exactly as shipped, except for the two places that need modules the local
 * Elasticsearch node does not have. Its lock and unlock run {@code _update_by_query} with a painless script
 * ({@code ctx._source.locked = params.lock}, {@code ctx.op = "delete"}); the node is Elasticsearch's integ-test-zip,
 * which has neither the {@code reindex} module ({@code _update_by_query}) nor {@code lang-painless}, and no
 * Elasticsearch 8 build of those modules is on Maven Central. Here those two calls are replaced by the same
 * changes made with plain document requests:
 *
 * <ul>
 *   <li>set {@code locked} on every history document: find them (scroll, as {@code _update_by_query} does
 *       internally), one {@code _bulk} of partial {@code update}s, {@code refresh=true};</li>
 *   <li>delete the lock document: a {@code DELETE} by its id (the lock entry's version, {@code 0.1}), {@code refresh=true}.</li>
 * </ul>
 *
 * Everything per script — reading and parsing the files, reading the history, running each request, writing each
 * protocol document — is elasticsearch-evolution's own code, unchanged. The replaced calls run once per migrate,
 * not once per script, and do the same amount of document work as the originals.
 */
public final class EvolutionWithoutPainless extends ElasticsearchEvolution {

    public EvolutionWithoutPainless(ElasticsearchEvolutionConfig config, RestClient client) {
        super(config, client);
    }

    @Override
    protected HistoryRepository createHistoryRepository() {
        return new Repository(getRestClient(), getConfig().getHistoryIndex(), getConfig().getHistoryMaxQuerySize(),
                createObjectMapper());
    }

    static final class Repository extends HistoryRepositoryImpl {

        private static final String LOCK_VERSION = "0.1";
        private static final int PAGE = 1_000;

        private final RestClient client;
        private final String index;
        private final ObjectMapper json;

        Repository(RestClient client, String index, int querySize, ObjectMapper json) {
            super(client, index, new MigrationScriptProtocolMapper(), querySize, json);
            this.client = client;
            this.index = index;
            this.json = json;
        }

        /** As the original: an empty history gets a lock document, otherwise every document is marked locked. */
        @Override
        public boolean lock() {
            try {
                if (count() == 0) {
                    saveOrUpdate(new MigrationScriptProtocol()
                            .setVersion(LOCK_VERSION)
                            .setScriptName("-")
                            .setDescription("lock entry")
                            .setExecutionRuntimeInMillis(0)
                            .setSuccess(true)
                            .setChecksum(0)
                            .setExecutionTimestamp(OffsetDateTime.now())
                            .setIndexName(index)
                            .setLocked(true));
                } else {
                    setLocked(true);
                }
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        /** As the original: refresh, delete the lock document, mark every document unlocked. */
        @Override
        public boolean unlock() {
            try {
                send(new Request("POST", "/" + index + "/_refresh"));
                Request delete = new Request("DELETE", "/" + index + "/_doc/" + LOCK_VERSION);
                delete.addParameter("refresh", "true");
                send(delete);
                setLocked(false);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        private long count() throws IOException {
            Request count = new Request("POST", "/" + index + "/_count");
            lenient(count);
            return json.readTree(send(count)).path("count").asLong(0);
        }

        /** The documents whose {@code locked} is not {@code lock} get it, in one bulk request, refreshed. */
        private void setLocked(boolean lock) throws IOException {
            List<String> ids = new ArrayList<>();
            Request search = new Request("POST", "/" + index + "/_search");
            search.addParameter("scroll", "1m");
            lenient(search);
            search.setJsonEntity("{\"size\":" + PAGE + ",\"_source\":false,\"query\":{\"term\":{\""
                    + MigrationScriptProtocolMapper.LOCKED_FIELD_NAME + "\":{\"value\":" + !lock + "}}}}");
            JsonNode page = json.readTree(send(search));
            String scrollId = page.path("_scroll_id").asText(null);
            while (true) {
                JsonNode hits = page.path("hits").path("hits");
                for (JsonNode hit : hits) {
                    ids.add(hit.path("_id").asText());
                }
                if (hits.size() < PAGE || scrollId == null) {
                    break;
                }
                Request next = new Request("POST", "/_search/scroll");
                next.setJsonEntity("{\"scroll\":\"1m\",\"scroll_id\":\"" + scrollId + "\"}");
                page = json.readTree(send(next));
                scrollId = page.path("_scroll_id").asText(scrollId);
            }
            if (scrollId != null) {
                Request clear = new Request("DELETE", "/_search/scroll");
                clear.setJsonEntity("{\"scroll_id\":\"" + scrollId + "\"}");
                send(clear);
            }
            if (ids.isEmpty()) {
                return;
            }
            StringBuilder bulk = new StringBuilder();
            for (String id : ids) {
                ObjectNode action = json.createObjectNode();
                action.putObject("update").put("_index", index).put("_id", id);
                bulk.append(json.writeValueAsString(action)).append('\n');
                bulk.append("{\"doc\":{\"").append(MigrationScriptProtocolMapper.LOCKED_FIELD_NAME).append("\":")
                        .append(lock).append("}}\n");
            }
            Request request = new Request("POST", "/_bulk");
            request.addParameter("refresh", "true");
            request.setJsonEntity(bulk.toString());
            JsonNode answer = json.readTree(send(request));
            if (answer.path("errors").asBoolean(false)) {
                throw new IOException("bulk lock update failed: " + answer);
            }
        }

        private static void lenient(Request r) {
            r.addParameter("ignore_unavailable", "true");
            r.addParameter("allow_no_indices", "true");
            r.addParameter("expand_wildcards", "open");
        }

        private String send(Request request) throws IOException {
            Response response;
            try {
                response = client.performRequest(request);
            } catch (ResponseException e) {
                if (e.getResponse().getStatusLine().getStatusCode() == 404) {
                    return "{}";
                }
                throw e;
            }
            return response.getEntity() == null ? "{}" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
        }
    }
}
