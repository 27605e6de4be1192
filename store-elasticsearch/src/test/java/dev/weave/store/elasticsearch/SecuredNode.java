package dev.weave.store.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weave.local.elasticsearch.HttpTls;
import dev.weave.local.elasticsearch.LocalElasticsearch;
import dev.weave.local.support.SharedServer;
import dev.weave.testing.TestCa;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The one secured Elasticsearch node of this test JVM, beside the shared plain one: security on, HTTPS only,
 * its certificate (for 127.0.0.1 and localhost) signed by a test CA made here, plus a second CA that signed
 * nothing the node shows (for the wrong-CA tests); a superuser in the file realm and a real API key made with
 * it through {@code POST /_security/api_key}. Started on first use, stopped (its process) and its files
 * deleted when the JVM exits. Always a local process, never a container: the point is the TLS and security
 * set-up, which this class controls.
 */
final class SecuredNode {

    static final String USER = "weave_ci";
    static final String PASSWORD = "Corr3ct-h0rse-8d2f";
    private static final SharedServer<SecuredNode> SHARED = new SharedServer<>(SecuredNode::start);
    private static final ObjectMapper JSON = new ObjectMapper();

    final LocalElasticsearch node;
    /** The CA that signed the node's certificate. */
    final Path caCertificate;
    /** A CA that did not. */
    final Path otherCaCertificate;
    /** A valid API key of the superuser, the encoded form (what {@code apiKey} takes). */
    final String apiKey;
    private final HttpClient http;

    private SecuredNode(LocalElasticsearch node, Path caCertificate, Path otherCaCertificate) {
        this.node = node;
        this.caCertificate = caCertificate;
        this.otherCaCertificate = otherCaCertificate;
        this.http = HttpClient.newBuilder().sslContext(trusting(caCertificate)).build();
        this.apiKey = createApiKey();
    }

    static SecuredNode get() {
        return SHARED.get();
    }

    String host() {
        return node.host();
    }

    int port() {
        return node.port();
    }

    /** host, port, scheme https and caCertificate: how a target reaches this node, without credentials. */
    Map<String, String> connection() {
        Map<String, String> settings = new HashMap<>();
        settings.put("host", node.host());
        settings.put("port", String.valueOf(node.port()));
        settings.put("scheme", "https");
        settings.put("caCertificate", caCertificate.toString());
        return settings;
    }

    Map<String, String> withBasicAuth() {
        Map<String, String> settings = connection();
        settings.put("user", USER);
        settings.put("password", PASSWORD);
        return settings;
    }

    Map<String, String> withApiKey() {
        Map<String, String> settings = connection();
        settings.put("apiKey", apiKey);
        return settings;
    }

    /** What a user checks with curl and the superuser's password, over HTTPS with the test CA. */
    NodeClient client() {
        String basic = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        return new NodeClient(node.url(), http, basic);
    }

    HttpResponse<String> asSuperuser(String method, String path, String body) {
        return client().send(method, path, body);
    }

    /** A well-formed API key the node refuses: the id of {@code encoded} with another secret. */
    static String sameIdOtherSecret(String encoded) {
        String id = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8).split(":", 2)[0];
        return Base64.getEncoder().encodeToString((id + ":not-the-secret-4Qz9").getBytes(StandardCharsets.UTF_8));
    }

    private String createApiKey() {
        HttpResponse<String> created = asSuperuser("POST", "/_security/api_key", "{\"name\":\"weave-tests\"}");
        if (created.statusCode() != 200) {
            throw new IllegalStateException("the secured node made no API key: " + created.statusCode() + " " + created.body());
        }
        return json(created).path("encoded").asText();
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SSLContext trusting(Path ca) {
        try (InputStream in = Files.newInputStream(ca)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SecuredNode start() {
        Path dir;
        try {
            dir = Files.createTempDirectory("weave-es-tls-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestCa ca = TestCa.create(dir, "weave-test-ca");
        TestCa other = TestCa.create(dir, "weave-other-ca");
        TestCa.ServerFiles files = ca.issueServer(dir, "node", "127.0.0.1", "localhost");
        LocalElasticsearch node;
        try {
            // the node gets copies in its own config/certs/, handed to its user (uid 65534 as root)
            node = LocalElasticsearch.startTemporaryWithSecurity(USER, PASSWORD,
                    new HttpTls(files.privateKey(), files.certificate(), ca.certificate()));
        } catch (IOException e) {
            deleteRecursively(dir);
            throw new UncheckedIOException("could not start a local Elasticsearch with security and HTTPS on", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close(); // the process this JVM started, and its directory
            deleteRecursively(dir);
        }, "weave-secured-elasticsearch-stop"));
        return new SecuredNode(node, ca.certificate(), other.certificate());
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // the JVM is exiting; a temporary directory left behind harms nothing
        }
    }
}
