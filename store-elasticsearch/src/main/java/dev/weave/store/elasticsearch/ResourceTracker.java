package dev.weave.store.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weave.error.StoreErrorException;
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
    /**
     * Resources this run has seen exist (asked, or created by a request that succeeded), so a migration
     * writing documents into an index needs no {@code HEAD} first: one request less per migration. Forgotten
     * after any request that may remove something ({@link #forgetKnown()}); the lock keeps other runners out.
     */
    private final Set<Resource> knownToExist = new HashSet<>();
    private boolean indexReady;

    ResourceTracker(Cluster cluster, OwnIndices own, String index) {
        this.cluster = cluster;
        this.own = own;
        this.index = index;
    }

    /** Which of {@code resources} exist right now (asked before a request that may create them). */
    Set<Resource> existing(Set<Resource> resources) throws IOException {
        Set<Resource> found = new HashSet<>();
        for (Resource r : resources) {
            if (knownToExist.contains(r)) {
                found.add(r);
                continue;
            }
            RawResponse response = cluster.send(new Request(r.kind() == Resource.Kind.PIPELINE ? "GET" : "HEAD", r.path()));
            if (response.ok()) {
                found.add(r);
                knownToExist.add(r);
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
            Request write = new Request("PUT", documentPath(r));
            write.setJsonEntity(doc.toJson());
            RawResponse written = cluster.send(write);
            if (!written.ok()) {
                throw new ErrorResponse(written);
            }
        }
        knownToExist.addAll(effects.created());
        knownToExist.addAll(effects.touched());
        for (Resource r : effects.removed()) {
            RawResponse deleted = cluster.send(new Request("DELETE", documentPath(r)));
            if (!deleted.ok() && deleted.status() != 404) {
                throw new ErrorResponse(deleted);
            }
        }
    }

    /** After a request that may have removed resources, named or not (a DELETE, alias actions): ask again. */
    void forgetKnown() {
        knownToExist.clear();
    }

    /** Every resource the migrations created, as tracked (some may have been deleted since); empty without tracking. */
    List<Resource> tracked() {
        if (!own.exists(index)) {
            return List.of();
        }
        cluster.expect("refreshing " + index, new Request("POST", "/" + index + "/_refresh"));
        Request search = new Request("POST", "/" + index + "/_search");
        search.setJsonEntity("{\"size\": 10000}");
        JsonNode hits = cluster.expect("reading " + index, search).json().path("hits").path("hits");
        List<Resource> resources = new ArrayList<>();
        for (JsonNode hit : hits) {
            JsonNode source = hit.path("_source");
            resources.add(new Resource(Resource.Kind.valueOf(source.path("kind").asText()), source.path("name").asText()));
        }
        return resources;
    }

    /** Deletes every tracked resource that still exists, then the tracking index; one report line each. */
    List<String> deleteAll() {
        if (!own.exists(index)) {
            return List.of();
        }
        List<Resource> resources = new ArrayList<>(tracked());
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
        indexReady = false;
        forgetKnown();
        return removed;
    }

    private void ensureIndex() {
        if (indexReady) {
            return;
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("kind", OwnIndices.keyword());
        p.put("name", OwnIndices.keyword());
        p.put("script", OwnIndices.keyword());
        p.put("created_on", OwnIndices.date());
        own.ensure(index, p);
        indexReady = true;
    }

    /** The tracking document of {@code r}: id = kind:name, e.g. {@code alias:logs_v1/logs} (path-encoded). */
    private String documentPath(Resource r) {
        return "/" + index + "/_doc/" + HttpPaths.encode(r.id());
    }

    /** One tracked resource as stored; id = kind:name. */
    record TrackedResource(String kind, String name, String script, String createdOn) {

        String toJson() {
            return Json.object(g -> {
                Json.field(g, "kind", kind);
                Json.field(g, "name", name);
                Json.field(g, "script", script);
                Json.field(g, "created_on", createdOn);
            });
        }
    }
}
