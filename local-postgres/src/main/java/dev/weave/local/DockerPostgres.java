package dev.weave.local;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/** PostgreSQL in a Testcontainers container. Only {@link SharedPostgres} touches it, once Docker is chosen. */
final class DockerPostgres implements PostgresServer, AutoCloseable {

    private static final DockerImageName IMAGE = DockerImageName.parse("postgres:17-alpine");

    private final PostgreSQLContainer<?> container;

    private DockerPostgres(PostgreSQLContainer<?> container) {
        this.container = container;
    }

    static boolean dockerAnswers() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    /** The container's user is the image's superuser (POSTGRES_USER); it already runs with fsync off. */
    static DockerPostgres start() {
        PostgreSQLContainer<?> container = new PostgreSQLContainer<>(IMAGE);
        container.start();
        return new DockerPostgres(container);
    }

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int port() {
        return container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
    }

    @Override
    public String user() {
        return container.getUsername();
    }

    @Override
    public String password() {
        return container.getPassword();
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    @Override
    public void close() {
        container.stop();
    }

    @Override
    public String toString() {
        return "DockerPostgres[" + host() + ":" + port() + ", " + IMAGE + "]";
    }
}
