package dev.weave.local.elasticsearch;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedElasticsearchTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void oneNodePerJvmThatTakesIndices() throws Exception {
        ElasticsearchServer server = SharedElasticsearch.get();
        assertSame(server, SharedElasticsearch.get());

        assertEquals(200, send(server, "PUT", "/shared_it").statusCode());
        HttpResponse<String> health = send(server, "GET", "/_cluster/health/shared_it?wait_for_status=yellow&timeout=10s");
        assertEquals(200, health.statusCode(), health.body());
        assertFalse(health.body().contains("\"status\":\"red\""), health.body());
        assertEquals(200, send(server, "DELETE", "/shared_it").statusCode());
        assertEquals(404, send(server, "HEAD", "/shared_it").statusCode());
    }

    @Test
    void theNodeIsElasticsearch819WithoutCredentials() throws Exception {
        HttpResponse<String> stats = send(SharedElasticsearch.get(), "GET", "/_cluster/stats?filter_path=nodes.versions");
        assertEquals(200, stats.statusCode(), "no credentials needed: " + stats.body());
        assertTrue(stats.body().contains("\"" + ElasticsearchDistribution.version() + "\""), stats.body());
    }

    @Test
    void selectorIsChecked() {
        assertFalse(SharedElasticsearch.useDocker("local"));
        assertTrue(SharedElasticsearch.useDocker("docker"));
        assertThrows(IllegalArgumentException.class, () -> SharedElasticsearch.useDocker("podman"));
    }

    /** Testcontainers is optional: without it on the classpath the choice must quietly fall to local. */
    @Test
    void loadsAndChoosesLocalWithoutTestcontainers() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.contains("testcontainers")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        try (URLClassLoader withoutTestcontainers =
                     new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            assertThrows(ClassNotFoundException.class,
                    () -> withoutTestcontainers.loadClass("org.testcontainers.DockerClientFactory"));
            Class<?> shared = Class.forName(SharedElasticsearch.class.getName(), true, withoutTestcontainers);
            var useDocker = shared.getDeclaredMethod("useDocker", String.class);
            useDocker.setAccessible(true);
            assertEquals(false, useDocker.invoke(null, ""));
        }
    }

    private HttpResponse<String> send(ElasticsearchServer server, String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
