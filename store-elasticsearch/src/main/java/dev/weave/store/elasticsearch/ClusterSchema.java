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
        for (Resource.Kind kind : List.of(Resource.Kind.COMPONENT_TEMPLATE, Resource.Kind.INDEX_TEMPLATE,
                Resource.Kind.PIPELINE, Resource.Kind.INDEX)) {
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
                    case PIPELINE -> out.add(ElasticsearchSchema.body("ingest pipeline", r.name(), json.path(r.name())));
                    default -> {
                        JsonNode index = json.path(r.name());
                        ElasticsearchSchema.index(r.name(), SchemaJson.settings(index.path("settings")),
                                index.path("mappings"), index.path("aliases"), out);
                    }
                }
            }
        }
        return new SchemaSnapshot(out);
    }
}
