package dev.weave.local.elasticsearch;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.elasticsearch.ElasticsearchContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Elasticsearch in a Testcontainers container, with security off like the local node. Only
 * {@link SharedElasticsearch} touches it, once Docker is chosen.
 */
final class DockerElasticsearch implements ElasticsearchServer, AutoCloseable {

    private static final DockerImageName IMAGE =
            DockerImageName.parse("docker.elastic.co/elasticsearch/elasticsearch:" + ElasticsearchDistribution.version());

    private final ElasticsearchContainer container;

    private DockerElasticsearch(ElasticsearchContainer container) {
        this.container = container;
    }

    static boolean dockerAnswers() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    static DockerElasticsearch start() {
        ElasticsearchContainer container = new ElasticsearchContainer(IMAGE)
                .withEnv("xpack.security.enabled", "false")
                .withEnv("cluster.routing.allocation.disk.threshold_enabled", "false")
                .withEnv("ES_JAVA_OPTS", "-Xms256m -Xmx512m");
        container.start();
        return new DockerElasticsearch(container);
    }

    @Override
    public String host() {
        return container.getHost();
    }

    @Override
    public int port() {
        return container.getMappedPort(9200);
    }

    @Override
    public void close() {
        container.stop();
    }

    @Override
    public String toString() {
        return "DockerElasticsearch[" + url() + ", " + IMAGE + "]";
    }
}
