package dev.weave.local.elasticsearch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class LocalElasticsearchTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private Path parent;

    /** Not JUnit's @TempDir: that one is mode 700, which uid 65534 could not enter when we are root. */
    @BeforeEach
    void directory() throws IOException {
        parent = Files.createTempDirectory("weave-es-test-");
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void cleanUp() throws IOException {
        ElasticsearchDistribution.deleteTree(parent);
    }

    @Test
    void keepsItsDataAcrossRestartsAndStopsItsWholeProcessTree() throws Exception {
        Path dataDir = parent.resolve("es");
        List<ProcessHandle> tree;
        try (LocalElasticsearch first = LocalElasticsearch.start(dataDir, 0)) {
            assertEquals(200, send(first, "PUT", "/kept").statusCode());
            ProcessHandle launcher = ProcessHandle.of(first.pid()).orElseThrow();
            tree = List.copyOf(launcher.descendants().toList());
            assertFalse(tree.isEmpty(), "the launcher runs the server JVM as its child");
            if (RunAs.isRoot()) {
                for (ProcessHandle p : tree) {
                    assertTrue(Files.readString(Path.of("/proc/" + p.pid() + "/status")).contains("Uid:\t65534"),
                            "as root the server runs as uid 65534");
                }
            }
        }
        for (ProcessHandle p : tree) {
            assertFalse(p.isAlive(), "process " + p.pid() + " still runs after close");
        }

        try (LocalElasticsearch second = LocalElasticsearch.start(dataDir, 0)) {
            HttpResponse<String> kept = send(second, "GET", "/_cluster/health/kept?wait_for_status=yellow&timeout=30s");
            assertEquals(200, kept.statusCode(), kept.body());
            assertTrue(Files.exists(dataDir.resolve("logs/console.log")));
        }
        assertTrue(Files.isDirectory(dataDir.resolve("data")), "a kept node's data stays");
    }

    @Test
    void withSecurityOnlyItsUserGetsIn() throws Exception {
        try (LocalElasticsearch secured = LocalElasticsearch.startTemporaryWithSecurity("weave_admin", "pw-7c1e9a")) {
            assertEquals(401, send(secured, "GET", "/_cluster/health").statusCode());
            String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("weave_admin:pw-7c1e9a".getBytes());
            HttpResponse<String> me = http.send(HttpRequest.newBuilder(URI.create(secured.url() + "/_security/_authenticate"))
                    .header("Authorization", basic).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, me.statusCode(), me.body());
            assertTrue(me.body().contains("\"superuser\""), me.body());
            assertEquals("weave_admin", secured.user().orElseThrow());

            // the security index needs analysis-common's filters, which the plugin of SecurityIndexAnalysis supplies
            HttpResponse<String> key = http.send(HttpRequest.newBuilder(URI.create(secured.url() + "/_security/api_key"))
                    .header("Authorization", basic).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"weave-test\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, key.statusCode(), key.body());
            java.util.regex.Matcher encoded = java.util.regex.Pattern.compile("\"encoded\":\"([^\"]+)\"").matcher(key.body());
            assertTrue(encoded.find(), key.body());
            HttpResponse<String> byKey = http.send(HttpRequest.newBuilder(URI.create(secured.url() + "/_security/_authenticate"))
                    .header("Authorization", "ApiKey " + encoded.group(1)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, byKey.statusCode(), byKey.body());
            assertTrue(byKey.body().contains("\"authentication_type\":\"api_key\""), byKey.body());
        }
    }

    @Test
    void refusesADataDirectoryThatTheNodeUserCannotReach() throws IOException {
        assumeTrue(RunAs.isRoot(), "only root hands the node to uid 65534");
        Path closed = Files.createDirectory(parent.resolve("closed"));
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        IOException e = assertThrows(IOException.class, () -> LocalElasticsearch.start(closed.resolve("es"), 0));
        // (the check runs before anything is unpacked or started)
        assertTrue(e.getMessage().contains("cannot get into " + closed), e.getMessage());
    }

    @Test
    void refusesAPortInUse() throws IOException {
        try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            IOException e = assertThrows(IOException.class,
                    () -> LocalElasticsearch.start(parent.resolve("es"), taken.getLocalPort()));
            assertTrue(e.getMessage().contains("already in use"), e.getMessage());
        }
    }

    private HttpResponse<String> send(ElasticsearchServer server, String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
