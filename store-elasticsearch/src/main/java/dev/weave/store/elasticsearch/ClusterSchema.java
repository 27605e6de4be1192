package dev.weave.store.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weave.spi.schema.SchemaObject;
import dev.weave.spi.schema.SchemaSnapshot;
import org.elasticsearch.client.Request;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the schema of what a target's migrations created from the cluster: the tracked resources, plus the ones a
 * recorded snapshot names (so one deleted by hand reads as missing, not as never there). A resource that is gone
 * is left out of the snapshot.
 */
final class ClusterSchema {

    private ClusterSchema() {
    }

    static SchemaSnapshot read(Cluster cluster, List<Resource> tracked, SchemaSnapshot recorded) {
        Set<Resource> scope = new LinkedHashSet<>(tracked);
        if (recorded != null) {
            for (SchemaObject o : recorded.objects()) {
                switch (o.kind()) {
                    case "index" -> scope.add(new Resource(Resource.Kind.INDEX, o.name()));
                    case "index template" -> scope.add(new Resource(Resource.Kind.INDEX_TEMPLATE, o.name()));
                    case "component template" -> scope.add(new Resource(Resource.Kind.COMPONENT_TEMPLATE, o.name()));
                    case "ingest pipeline" -> scope.add(new Resource(Resource.Kind.PIPELINE, o.name()));
                    default -> { }
                }
            }
        }
        List<SchemaObject> out = new ArrayList<>();
        indices(cluster, scope.stream().filter(r -> r.kind() == Resource.Kind.INDEX).map(Resource::name).sorted().toList(), out);
        for (Resource.Kind kind : List.of(Resource.Kind.COMPONENT_TEMPLATE, Resource.Kind.INDEX_TEMPLATE,
                Resource.Kind.PIPELINE)) {
            for (Resource r : scope.stream().filter(r -> r.kind() == kind).sorted(java.util.Comparator.comparing(Resource::name)).toList()) {
                RawResponse response = cluster.call("reading " + r.label(), new Request("GET", r.path()));
                if (response.status() == 404) {
                    continue;
                }
                if (!response.ok()) {
                    throw cluster.failed("reading " + r.label(), response);
                }
                JsonNode json = response.json();
                switch (kind) {
                    case COMPONENT_TEMPLATE -> out.add(ElasticsearchSchema.body("component template", r.name(),
                            json.path("component_templates").path(0).path("component_template")));
                    case INDEX_TEMPLATE -> out.add(ElasticsearchSchema.body("index template", r.name(),
                            json.path("index_templates").path(0).path("index_template")));
                    default -> out.add(ElasticsearchSchema.body("ingest pipeline", r.name(), json.path(r.name())));
                }
            }
        }
        return new SchemaSnapshot(out);
    }

    /**
     * Indices are read many to a request (a long history may have created thousands), each request line under
     * {@link #LINE_LIMIT} characters (Elasticsearch refuses one over 4 KB); gone ones are skipped.
     */
    private static void indices(Cluster cluster, List<String> names, List<SchemaObject> out) {
        List<String> chunk = new ArrayList<>();
        int length = 0;
        for (int i = 0; i <= names.size(); i++) {
            String encoded = i < names.size() ? HttpPaths.encode(names.get(i)) : null;
            if (!chunk.isEmpty() && (encoded == null || length + encoded.length() + 1 > LINE_LIMIT)) {
                Request get = new Request("GET", "/" + String.join(",", chunk));
                get.addParameter("ignore_unavailable", "true");
                get.addParameter("expand_wildcards", "none");
                JsonNode json = cluster.expect("reading " + chunk.size() + " indices", get).json();
                json.fields().forEachRemaining(e -> ElasticsearchSchema.index(e.getKey(),
                        SchemaJson.settings(e.getValue().path("settings")), e.getValue().path("mappings"),
                        e.getValue().path("aliases"), out));
                chunk.clear();
                length = 0;
            }
            if (encoded != null) {
                chunk.add(encoded);
                length += encoded.length() + 1;
            }
        }
    }

    private static final int LINE_LIMIT = 3000;
}
