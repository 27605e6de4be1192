package dev.weave.local.elasticsearch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The one Elasticsearch node of this JVM for tests: Testcontainers when a Docker engine answers, a
 * {@link LocalElasticsearch} otherwise, so the same tests run on both. {@value #SELECTOR}={@code local|docker}
 * (system property first, then environment variable) forces one. Tests keep apart by index prefix.
 *
 * <p>Testcontainers is optional: this class names it only through {@link DockerElasticsearch}, which is
 * loaded only once Docker has been chosen.
 */
public final class SharedElasticsearch {

    public static final String SELECTOR = "WEAVE_TEST_ELASTICSEARCH";
    private static final String PROBE_CLASS = "org.testcontainers.DockerClientFactory";

    private static ElasticsearchServer server;

    private SharedElasticsearch() {
    }

    /** Starts the node on first use; it is stopped when the JVM exits. */
    public static synchronized ElasticsearchServer get() {
        if (server == null) {
            server = useDocker(selector()) ? startDocker() : startLocal();
        }
        return server;
    }

    private static ElasticsearchServer startDocker() {
        DockerElasticsearch docker;
        try {
            docker = DockerElasticsearch.start();
        } catch (LinkageError e) {
            throw new IllegalStateException(SELECTOR + "=docker needs org.testcontainers:elasticsearch on the classpath", e);
        }
        stopAtExit(docker);
        return docker;
    }

    private static ElasticsearchServer startLocal() {
        try {
            LocalElasticsearch local = LocalElasticsearch.startTemporary();
            stopAtExit(local);
            return local;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a local Elasticsearch", e);
        }
    }

    private static void stopAtExit(AutoCloseable started) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                started.close();
            } catch (Exception ignored) {
                // the JVM is exiting: nothing left to tell
            }
        }, "weave-shared-elasticsearch-stop"));
    }

    static String selector() {
        String value = System.getProperty(SELECTOR);
        if (value == null || value.isBlank()) {
            value = System.getenv(SELECTOR);
        }
        return value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    }

    static boolean useDocker(String selector) {
        switch (selector) {
            case "docker":
                return true;
            case "local":
                return false;
            case "":
                return dockerAnswers();
            default:
                throw new IllegalArgumentException(SELECTOR + " must be local or docker, not " + selector);
        }
    }

    /** False when Testcontainers is absent or the probe fails in any way: the local node always works. */
    static boolean dockerAnswers() {
        try {
            Class.forName(PROBE_CLASS, false, SharedElasticsearch.class.getClassLoader());
            return DockerElasticsearch.dockerAnswers();
        } catch (Exception | LinkageError e) {
            return false;
        }
    }
}
