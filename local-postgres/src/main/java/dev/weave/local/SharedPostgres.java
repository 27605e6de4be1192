package dev.weave.local;

import dev.weave.local.support.ServerChoice;
import dev.weave.local.support.SharedServer;

/**
 * The one PostgreSQL server of this JVM for tests: Testcontainers when a Docker engine answers, a
 * {@link LocalPostgres} otherwise, so the same tests run on both. {@value #SELECTOR}={@code local|docker}
 * (system property first, then environment variable) forces one. Each test class should create its own
 * database on it.
 *
 * <p>Testcontainers is optional: this class names it only through {@link DockerPostgres}, which is
 * loaded only once Docker has been chosen (hence lambdas, not method references, for it below).
 */
public final class SharedPostgres {

    public static final String SELECTOR = "WEAVE_TEST_POSTGRES";

    private static final ServerChoice CHOICE = new ServerChoice(SELECTOR, "PostgreSQL",
            "org.testcontainers:postgresql", "weave-shared-postgres-stop");
    private static final SharedServer<PostgresServer> SERVER = new SharedServer<>(() -> useDocker(CHOICE.selector())
            ? CHOICE.startDocker(() -> DockerPostgres.start())
            : CHOICE.startLocal(LocalPostgres::startTemporary));

    private SharedPostgres() {
    }

    /** Starts the server on first use; it is stopped when the JVM exits. */
    public static PostgresServer get() {
        return SERVER.get();
    }

    static boolean useDocker(String selector) {
        return CHOICE.useDocker(selector, () -> DockerPostgres.dockerAnswers());
    }
}
