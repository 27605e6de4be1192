package dev.weave.local.neo4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The one Neo4j server of this JVM for tests: Testcontainers when a Docker engine answers, a
 * {@link LocalNeo4j} otherwise, so the same tests run on both. {@value #SELECTOR}={@code local|docker}
 * (system property first, then environment variable) forces one. Community edition has one user
 * database: each test class (or test) calls {@link Neo4jServer#reset()} for a clean graph.
 *
 * <p>Testcontainers is optional: this class names it only through {@link DockerNeo4j}, which is loaded
 * only once Docker has been chosen.
 */
public final class SharedNeo4j {

    public static final String SELECTOR = "WEAVE_TEST_NEO4J";
    private static final String PROBE_CLASS = "org.testcontainers.DockerClientFactory";

    private static Neo4jServer server;

    private SharedNeo4j() {
    }

    /** Starts the server on first use; the process that started it stops it when the JVM exits. */
    public static synchronized Neo4jServer get() {
        if (server == null) {
            server = useDocker(selector()) ? startDocker() : startLocal();
        }
        return server;
    }

    private static Neo4jServer startDocker() {
        DockerNeo4j docker;
        try {
            docker = DockerNeo4j.start();
        } catch (LinkageError e) {
            throw new IllegalStateException(SELECTOR + "=docker needs org.testcontainers:neo4j on the classpath", e);
        }
        stopAtExit(docker);
        return docker;
    }

    private static Neo4jServer startLocal() {
        try {
            LocalNeo4j local = LocalNeo4j.startTemporary();
            stopAtExit(local);
            return local;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a local Neo4j", e);
        }
    }

    private static void stopAtExit(AutoCloseable started) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                started.close();
            } catch (Exception ignored) {
                // the JVM is exiting: nothing left to tell
            }
        }, "weave-shared-neo4j-stop"));
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

    /** False when Testcontainers is absent or the probe fails in any way: the local server always works. */
    static boolean dockerAnswers() {
        try {
            Class.forName(PROBE_CLASS, false, SharedNeo4j.class.getClassLoader());
            return DockerNeo4j.dockerAnswers();
        } catch (Exception | LinkageError e) {
            return false;
        }
    }
}
