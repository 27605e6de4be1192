package dev.weave.store.elasticsearch;

import java.util.Locale;

/**
 * Something a migration created in the cluster and {@code clean --all} removes again. An alias is named
 * {@code index/alias}. The kinds are listed in the order clean removes them: aliases before their
 * indices, index templates before the component templates they are composed of.
 */
record Resource(Kind kind, String name) {

    enum Kind {
        ALIAS("alias"),
        INDEX("index"),
        INDEX_TEMPLATE("index template"),
        LEGACY_TEMPLATE("legacy index template"),
        COMPONENT_TEMPLATE("component template"),
        PIPELINE("ingest pipeline");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** The document id in the resources index. */
    String id() {
        return kind.name().toLowerCase(Locale.ROOT) + ":" + name;
    }

    /** The path that GETs or DELETEs it. */
    String path() {
        return switch (kind) {
            case ALIAS -> {
                int slash = name.indexOf('/');
                yield "/" + encode(name.substring(0, slash)) + "/_alias/" + encode(name.substring(slash + 1));
            }
            case INDEX -> "/" + encode(name);
            case INDEX_TEMPLATE -> "/_index_template/" + encode(name);
            case LEGACY_TEMPLATE -> "/_template/" + encode(name);
            case COMPONENT_TEMPLATE -> "/_component_template/" + encode(name);
            case PIPELINE -> "/_ingest/pipeline/" + encode(name);
        };
    }

    /** "index logs_v1", "alias logs_v1/logs": for clean's report. */
    String label() {
        return kind.label + " " + name;
    }

    private static String encode(String segment) {
        return HttpPaths.encode(segment);
    }
}
