package dev.weave.store.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weave.store.elasticsearch.Resource.Kind;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a request does to the resources clean --all tracks, read from its method, path and body:
 * {@code created} exist because of it for certain ({@code PUT /index} fails if the index exists);
 * {@code touched} may have existed before (templates are overwritten, documents go into an existing
 * index), so they count as created only when they did not exist before the request; {@code removed} are
 * gone after it. Names with wildcards or date math cannot be told apart from others and are not tracked.
 */
record ResourceEffects(Set<Resource> created, Set<Resource> touched, Set<Resource> removed) {

    private static final Set<String> BULK_WRITES = Set.of("index", "create", "update");

    boolean isEmpty() {
        return created.isEmpty() && touched.isEmpty() && removed.isEmpty();
    }

    static ResourceEffects of(HttpRequest r) {
        Builder b = new Builder();
        List<String> s = r.segments();
        boolean write = r.isMethod("PUT", "POST");
        boolean delete = r.isMethod("DELETE");
        if (s.isEmpty()) {
            return b.build();
        }
        String first = s.get(0);
        if (!first.startsWith("_")) {
            indexPath(r, s, write, delete, b);
        } else if (s.size() == 2 && (first.equals("_index_template") || first.equals("_component_template") || first.equals("_template"))) {
            Kind kind = first.equals("_index_template") ? Kind.INDEX_TEMPLATE
                    : first.equals("_component_template") ? Kind.COMPONENT_TEMPLATE : Kind.LEGACY_TEMPLATE;
            b.names(kind, s.get(1), write ? b.touched : delete ? b.removed : null);
        } else if (s.size() == 3 && first.equals("_ingest") && s.get(1).equals("pipeline")) {
            b.names(Kind.PIPELINE, s.get(2), r.isMethod("PUT") ? b.touched : delete ? b.removed : null);
        } else if (s.size() == 1 && first.equals("_bulk") && write) {
            bulk(r, null, b);
        } else if (s.size() == 1 && first.equals("_aliases") && r.isMethod("POST")) {
            aliasActions(r, b);
        }
        return b.build();
    }

    /** Paths that start with an index name: /index, /index/_doc, /index/_bulk, /index/_alias/a, /src/_clone/dst. */
    private static void indexPath(HttpRequest r, List<String> s, boolean write, boolean delete, Builder b) {
        String index = s.get(0);
        if (s.size() == 1) {
            b.names(Kind.INDEX, index, r.isMethod("PUT") ? b.created : delete ? b.removed : null);
            return;
        }
        String action = s.get(1);
        switch (action) {
            case "_doc", "_create", "_update" -> {
                if (write) {
                    b.names(Kind.INDEX, index, b.touched); // writing a document creates a missing index
                }
            }
            case "_bulk" -> {
                if (write) {
                    b.names(Kind.INDEX, index, b.touched);
                    bulk(r, index, b);
                }
            }
            case "_clone", "_split", "_shrink" -> {
                if (write && s.size() == 3) {
                    b.names(Kind.INDEX, s.get(2), b.created);
                }
            }
            case "_alias", "_aliases" -> {
                if (s.size() == 3) {
                    for (String i : index.split(",")) {
                        for (String alias : s.get(2).split(",")) {
                            b.alias(i, alias, write ? b.touched : delete ? b.removed : null);
                        }
                    }
                }
            }
            default -> {
            }
        }
    }

    /** The indices named in a bulk body's action lines; a source line follows every action but delete. */
    private static void bulk(HttpRequest r, String defaultIndex, Builder b) {
        if (r.body() == null) {
            return;
        }
        boolean sourceNext = false;
        for (String line : r.body().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (sourceNext) {
                sourceNext = false;
                continue;
            }
            JsonNode action = ErrorReason.parse(line);
            if (!action.isObject() || action.size() != 1) {
                continue;
            }
            String op = action.fieldNames().next();
            String index = action.path(op).path("_index").asText(defaultIndex);
            if (BULK_WRITES.contains(op) && index != null) {
                b.names(Kind.INDEX, index, b.touched);
            }
            sourceNext = !op.equals("delete");
        }
    }

    /** POST /_aliases: add (touched), remove (removed), remove_index (index removed). */
    private static void aliasActions(HttpRequest r, Builder b) {
        JsonNode actions = ErrorReason.parse(r.body()).path("actions");
        for (JsonNode action : actions) {
            for (String op : List.of("add", "remove", "remove_index")) {
                JsonNode spec = action.path(op);
                if (spec.isMissingNode()) {
                    continue;
                }
                List<String> indices = values(spec, "index", "indices");
                if (op.equals("remove_index")) {
                    indices.forEach(i -> b.names(Kind.INDEX, i, b.removed));
                    continue;
                }
                for (String index : indices) {
                    for (String alias : values(spec, "alias", "aliases")) {
                        b.alias(index, alias, op.equals("add") ? b.touched : b.removed);
                    }
                }
            }
        }
    }

    private static List<String> values(JsonNode spec, String single, String plural) {
        List<String> out = new ArrayList<>();
        if (spec.path(single).isTextual()) {
            out.add(spec.path(single).asText());
        }
        for (JsonNode v : spec.path(plural)) {
            if (v.isTextual()) {
                out.add(v.asText());
            }
        }
        return out;
    }

    private static final class Builder {
        final Set<Resource> created = new LinkedHashSet<>();
        final Set<Resource> touched = new LinkedHashSet<>();
        final Set<Resource> removed = new LinkedHashSet<>();

        /** A comma-separated list of names into {@code into}; wildcards and date math are left out. */
        void names(Kind kind, String names, Set<Resource> into) {
            if (into == null) {
                return;
            }
            for (String name : names.split(",")) {
                if (trackable(name)) {
                    into.add(new Resource(kind, name));
                }
            }
        }

        void alias(String index, String alias, Set<Resource> into) {
            if (into != null && trackable(index) && trackable(alias)) {
                into.add(new Resource(Kind.ALIAS, index + "/" + alias));
            }
        }

        private static boolean trackable(String name) {
            return !name.isBlank() && !name.contains("*") && !name.contains("?") && !name.startsWith("<")
                    && !name.startsWith("_") && !name.startsWith("-") && !name.contains("/");
        }

        ResourceEffects build() {
            return new ResourceEffects(Set.copyOf(created), Set.copyOf(touched), Set.copyOf(removed));
        }
    }
}
