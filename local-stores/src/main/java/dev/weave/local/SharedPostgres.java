package dev.weave.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The one PostgreSQL server of this JVM for tests: Testcontainers when a Docker engine answers, a
 * {@link LocalPostgres} otherwise, so the same tests run on both. {@value #SELECTOR}={@code local|docker}
 * (system property first, then environment variable) forces one. Each test class should create its own
 * database on it.
 *
 * <p>Testcontainers is optional: this class names it only through {@link DockerPostgres}, which is
 * loaded only once Docker has been chosen.
 */
public final class SharedPostgres {

    public static final String SELECTOR = "WEAVE_TEST_POSTGRES";
    private static final String PROBE_CLASS = "org.testcontainers.DockerClientFactory";

    private static PostgresServer server;

    private SharedPostgres() {
    }

    /** Starts the server on first use; it is stopped when the JVM exits. */
    public static synchronized PostgresServer get() {
        if (server == null) {
            server = useDocker(selector()) ? startDocker() : startLocal();
        }
        return server;
    }

    private static PostgresServer startDocker() {
        DockerPostgres docker;
        try {
            docker = DockerPostgres.start();
        } catch (LinkageError e) {
            throw new IllegalStateException(SELECTOR + "=docker needs org.testcontainers:postgresql on the classpath", e);
        }
        stopAtExit(docker);
        return docker;
    }

    private static PostgresServer startLocal() {
        try {
            LocalPostgres local = LocalPostgres.startTemporary();
            stopAtExit(local);
            return local;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a local PostgreSQL", e);
        }
    }

    private static void stopAtExit(AutoCloseable started) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                started.close();
            } catch (Exception ignored) {
                // the JVM is exiting: nothing left to tell
            }
        }, "weave-shared-postgres-stop"));
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
            Class.forName(PROBE_CLASS, false, SharedPostgres.class.getClassLoader());
            return DockerPostgres.dockerAnswers();
        } catch (Exception | LinkageError e) {
            return false;
        }
    }
}
