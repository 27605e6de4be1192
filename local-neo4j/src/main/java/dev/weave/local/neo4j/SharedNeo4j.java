package dev.weave.local.neo4j;

import dev.weave.local.support.ServerChoice;
import dev.weave.local.support.SharedServer;

/**
 * The one Neo4j server of this JVM for tests: Testcontainers when a Docker engine answers, a
 * {@link LocalNeo4j} otherwise, so the same tests run on both. {@value #SELECTOR}={@code local|docker}
 * (system property first, then environment variable) forces one. Community edition has one user
 * database: each test class (or test) calls {@link Neo4jServer#reset()} for a clean graph.
 *
 * <p>Testcontainers is optional: this class names it only through {@link DockerNeo4j}, which is loaded
 * only once Docker has been chosen (hence lambdas, not method references, for it below).
 */
public final class SharedNeo4j {

    public static final String SELECTOR = "WEAVE_TEST_NEO4J";

    private static final ServerChoice CHOICE = new ServerChoice(SELECTOR, "Neo4j",
            "org.testcontainers:neo4j", "weave-shared-neo4j-stop");
    private static final SharedServer<Neo4jServer> SERVER = new SharedServer<>(() -> useDocker(CHOICE.selector())
            ? CHOICE.startDocker(() -> DockerNeo4j.start())
            : CHOICE.startLocal(LocalNeo4j::startTemporary));

    private SharedNeo4j() {
    }

    /** Starts the server on first use; the process that started it stops it when the JVM exits. */
    public static Neo4jServer get() {
        return SERVER.get();
    }

    static boolean useDocker(String selector) {
        return CHOICE.useDocker(selector, () -> DockerNeo4j.dockerAnswers());
    }
}
