package dev.weave.local.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * How a test JVM picks its one server of a kind: a selector ({@code local|docker}, read as a system property
 * first, then as an environment variable) forces one; unset, Testcontainers is used when a Docker engine
 * answers and a server started on this machine otherwise. Whatever is started is stopped when the JVM exits.
 *
 * <p>Testcontainers is optional and this class never names it: the caller passes the Docker probe and the
 * Docker start as lambdas whose bodies alone name its Testcontainers class, so that class is loaded only
 * once Docker has been chosen.
 */
public final class ServerChoice {

    /** Present exactly when Testcontainers is on the classpath. */
    static final String PROBE_CLASS = "org.testcontainers.DockerClientFactory";

    private final String selector;
    private final String product;
    private final String testcontainersArtifact;
    private final String stopThread;

    /**
     * @param selector the property and environment variable, e.g. {@code WEAVE_TEST_POSTGRES}
     * @param product the server's name in messages, e.g. {@code PostgreSQL}
     * @param testcontainersArtifact what the Docker start needs, e.g. {@code org.testcontainers:postgresql}
     * @param stopThread the name of the shutdown hook's thread
     */
    public ServerChoice(String selector, String product, String testcontainersArtifact, String stopThread) {
        this.selector = selector;
        this.product = product;
        this.testcontainersArtifact = testcontainersArtifact;
        this.stopThread = stopThread;
    }

    /** The selector's value, stripped and in lower case; empty when neither the property nor the variable is set. */
    public String selector() {
        return selector(System.getProperty(selector), System.getenv(selector));
    }

    /** A blank property gives way to the environment variable. */
    static String selector(String property, String environment) {
        String value = property;
        if (value == null || value.isBlank()) {
            value = environment;
        }
        return value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether {@code selectorValue} (as {@link #selector()} returns it) chooses Docker; when it is empty,
     * whether a Docker engine answers {@code dockerProbe}.
     *
     * @throws IllegalArgumentException for anything but {@code local}, {@code docker} or empty
     */
    public boolean useDocker(String selectorValue, BooleanSupplier dockerProbe) {
        switch (selectorValue) {
            case "docker":
                return true;
            case "local":
                return false;
            case "":
                return dockerAnswers(dockerProbe);
            default:
                throw new IllegalArgumentException(selector + " must be local or docker, not " + selectorValue);
        }
    }

    /** False when Testcontainers is absent or the probe fails in any way: the local server always works. */
    static boolean dockerAnswers(BooleanSupplier dockerProbe) {
        try {
            Class.forName(PROBE_CLASS, false, ServerChoice.class.getClassLoader());
            return dockerProbe.getAsBoolean();
        } catch (Exception | LinkageError e) {
            return false;
        }
    }

    /** Starts the Testcontainers server and stops it at exit; a missing Testcontainers module is named. */
    public <T extends AutoCloseable> T startDocker(Supplier<T> start) {
        T docker;
        try {
            docker = start.get();
        } catch (LinkageError e) {
            throw new IllegalStateException(selector + "=docker needs " + testcontainersArtifact + " on the classpath", e);
        }
        stopAtExit(docker);
        return docker;
    }

    /** Starts the server on this machine and stops it at exit. */
    public <T extends AutoCloseable> T startLocal(LocalStart<T> start) {
        try {
            T local = start.start();
            stopAtExit(local);
            return local;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start a local " + product, e);
        }
    }

    private void stopAtExit(AutoCloseable started) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                started.close();
            } catch (Exception ignored) {
                // the JVM is exiting: nothing left to tell
            }
        }, stopThread));
    }

    /** Starts a server on this machine, e.g. {@code LocalPostgres::startTemporary}. */
    @FunctionalInterface
    public interface LocalStart<T> {
        T start() throws IOException;
    }
}
