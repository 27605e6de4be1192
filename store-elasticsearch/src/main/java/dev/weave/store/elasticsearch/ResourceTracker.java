package dev.weave.store.elasticsearch;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.mapping.Property;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.weave.api.StoreErrorException;
import org.elasticsearch.client.Request;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Remembers, in a small index of its own, which indices, templates, aliases and pipelines the
 * migrations created, so {@code clean --all} removes exactly those and nothing that was there before
 * Weave. It outlives a plain {@code clean} (which drops only ledger and lock): the objects are still there.
 */
final class ResourceTracker {

    private final Cluster cluster;
    private final OwnIndices own;
    private final String index;

    ResourceTracker(Cluster cluster, OwnIndices own, String index) {
        this.cluster = cluster;
        this.own = own;
        this.index = index;
    }

    /** Which of {@code resources} exist right now (asked before a request that may create them). */
    Set<Resource> existing(Set<Resource> resources) throws IOException {
        Set<Resource> found = new HashSet<>();
        for (Resource r : resources) {
            RawResponse response = cluster.send(new Request(r.kind() == Resource.Kind.PIPELINE ? "GET" : "HEAD", r.path()));
            if (response.ok()) {
                found.add(r);
            }
        }
        return found;
    }

    /** After a successful request: records what it created, forgets what it removed. */
    void record(ResourceEffects effects, Set<Resource> existedBefore, String script) throws IOException {
        List<Resource> created = new ArrayList<>(effects.created());
        effects.touched().stream().filter(r -> !existedBefore.contains(r)).forEach(created::add);
        if (!created.isEmpty()) {
            ensureIndex();
        }
        for (Resource r : created) {
            TrackedResource doc = new TrackedResource(r.kind().name(), r.name(), script, Instant.now().toString());
            cluster.client().index(i -> i.index(index).id(r.id()).document(doc));
        }
        for (Resource r : effects.removed()) {
            try {
                cluster.client().delete(d -> d.index(index).id(r.id()));
            } catch (IOException | ElasticsearchException e) {
                if (ClientErrors.status(e) != 404) {
                    throw e;
                }
            }
        }
    }

    /** Deletes every tracked resource that still exists, then the tracking index; one report line each. */
    List<String> deleteAll() {
        if (!own.exists(index)) {
            return List.of();
        }
        cluster.typed("refreshing " + index, c -> c.indices().refresh(r -> r.index(index)));
        List<Hit<TrackedResource>> hits = cluster.typed("reading " + index, c -> c.search(s -> s.index(index)
                .size(10_000), TrackedResource.class)).hits().hits();
        List<Resource> resources = new ArrayList<>();
        for (Hit<TrackedResource> hit : hits) {
            resources.add(new Resource(Resource.Kind.valueOf(hit.source().kind()), hit.source().name()));
        }
        resources.sort(Comparator.comparing(Resource::kind).thenComparing(Resource::name));
        List<String> removed = new ArrayList<>();
        for (Resource r : resources) {
            RawResponse response = cluster.call("deleting " + r.label(), new Request("DELETE", r.path()));
            if (response.ok()) {
                removed.add(r.label());
            } else if (response.status() != 404) {
                throw new StoreErrorException(cluster.redact("could not delete " + r.label() + " created by the migrations: "
                        + response.summary()), null);
            }
        }
        own.drop(index);
        return removed;
    }

    private void ensureIndex() {
        Map<String, Property> p = new LinkedHashMap<>();
        p.put("kind", OwnIndices.keyword());
        p.put("name", OwnIndices.keyword());
        p.put("script", OwnIndices.keyword());
        p.put("created_on", OwnIndices.date());
        own.ensure(index, p);
    }

    /** One tracked resource as stored; id = kind:name. */
    record TrackedResource(@JsonProperty("kind") String kind, @JsonProperty("name") String name,
                           @JsonProperty("script") String script, @JsonProperty("created_on") String createdOn) {
    }
}
