package dev.weave.local.elasticsearch;

import dev.weave.local.support.ServerChoice;
import dev.weave.local.support.SharedServer;

/**
 * The one Elasticsearch node of this JVM for tests: Testcontainers when a Docker engine answers, a
 * {@link LocalElasticsearch} otherwise, so the same tests run on both. {@value #SELECTOR}={@code local|docker}
 * (system property first, then environment variable) forces one. Tests keep apart by index prefix.
 *
 * <p>Testcontainers is optional: this class names it only through {@link DockerElasticsearch}, which is
 * loaded only once Docker has been chosen (hence lambdas, not method references, for it below).
 */
public final class SharedElasticsearch {

    public static final String SELECTOR = "WEAVE_TEST_ELASTICSEARCH";

    private static final ServerChoice CHOICE = new ServerChoice(SELECTOR, "Elasticsearch",
            "org.testcontainers:elasticsearch", "weave-shared-elasticsearch-stop");
    private static final SharedServer<ElasticsearchServer> SERVER = new SharedServer<>(() -> useDocker(CHOICE.selector())
            ? CHOICE.startDocker(() -> DockerElasticsearch.start())
            : CHOICE.startLocal(LocalElasticsearch::startTemporary));

    private SharedElasticsearch() {
    }

    /** Starts the node on first use; it is stopped when the JVM exits. */
    public static ElasticsearchServer get() {
        return SERVER.get();
    }

    static boolean useDocker(String selector) {
        return CHOICE.useDocker(selector, () -> DockerElasticsearch.dockerAnswers());
    }
}
