package dev.weave.local.neo4j;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Neo4jContainer;
import org.testcontainers.utility.DockerImageName;

/** Neo4j in a Testcontainers container. Only {@link SharedNeo4j} touches it, once Docker is chosen. */
final class DockerNeo4j implements Neo4jServer, AutoCloseable {

    private static final DockerImageName IMAGE = DockerImageName.parse("neo4j:5.26-community");

    private final Neo4jContainer<?> container;
    private final String password;

    private DockerNeo4j(Neo4jContainer<?> container, String password) {
        this.container = container;
        this.password = password;
    }

    static boolean dockerAnswers() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    static DockerNeo4j start() {
        String password = Passwords.random();
        Neo4jContainer<?> container = new Neo4jContainer<>(IMAGE)
                .withAdminPassword(password)
                // as LocalNeo4j: wrong-password tests must not lock the user out for the next test
                .withNeo4jConfig("dbms.security.auth_max_failed_attempts", "0");
        container.start();
        return new DockerNeo4j(container, password);
    }

    @Override
    public String boltUri() {
        return container.getBoltUrl();
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public void close() {
        container.stop();
    }

    @Override
    public String toString() {
        return "DockerNeo4j[" + boltUri() + ", " + IMAGE + "]";
    }
}
