package dev.weave.store.elasticsearch;

import dev.weave.conformance.StoreFixture;
import dev.weave.local.elasticsearch.ElasticsearchServer;
import dev.weave.local.elasticsearch.SharedElasticsearch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Fresh targets on the one real Elasticsearch node of this test JVM. A target is an index prefix: Weave's
 * own indices ({@code indexPrefix}) and the test's objects (indices named {@code <prefix><object>}) carry
 * it, so tests never see each other's indices or ledgers. One instance per test: it remembers the prefix
 * of the target it made last, because the scripts it writes name indices with it.
 */
final class ElasticsearchFixture implements StoreFixture {

    final ElasticsearchServer server;
    final NodeClient node;
    /** What every target adds to host, port and prefix: scheme, CA, credentials on the secured node; else nothing. */
    private final Map<String, String> connection;
    private final Map<String, String> wrongCredentials;
    private String prefix = "unset_";

    ElasticsearchFixture() {
        this.server = SharedElasticsearch.get();
        this.node = new NodeClient(server);
        this.connection = Map.of();
        this.wrongCredentials = null;
    }

    private ElasticsearchFixture(SecuredNode secured, Map<String, String> connection, Map<String, String> wrongCredentials) {
        this.server = secured.node;
        this.node = secured.client();
        this.connection = connection;
        this.wrongCredentials = wrongCredentials;
    }

    /** Targets on the secured node over HTTPS, trusting the test CA, with the superuser's user and password. */
    static ElasticsearchFixture securedWithBasicAuth() {
        SecuredNode secured = SecuredNode.get();
        Map<String, String> wrong = secured.connection();
        wrong.put("user", SecuredNode.USER);
        wrong.put("password", "wrong-password-7f3a");
        return new ElasticsearchFixture(secured, secured.withBasicAuth(), wrong);
    }

    /** As {@link #securedWithBasicAuth}, with a real API key; the wrong credentials are that key's id with another secret. */
    static ElasticsearchFixture securedWithApiKey() {
        SecuredNode secured = SecuredNode.get();
        Map<String, String> wrong = secured.connection();
        wrong.put("apiKey", SecuredNode.sameIdOtherSecret(secured.apiKey));
        return new ElasticsearchFixture(secured, secured.withApiKey(), wrong);
    }

    @Override
    public String storeType() {
        return "elasticsearch";
    }

    @Override
    public String extension() {
        return ".http";
    }

    @Override
    public Map<String, String> freshTarget(String name) {
        prefix = name + "_";
        node.deleteIndicesStartingWith(prefix);
        return settings(prefix);
    }

    Map<String, String> settings(String indexPrefix) {
        Map<String, String> settings = new HashMap<>(connection);
        settings.putAll(Map.of("host", server.host(), "port", String.valueOf(server.port()), "indexPrefix", indexPrefix));
        return settings;
    }

    String prefix() {
        return prefix;
    }

    @Override
    public String createObject(String name) {
        return "PUT /" + prefix + name + "\n";
    }

    @Override
    public String combine(String first, String second) {
        return first + "###\n" + second;
    }

    @Override
    public String dropObject(String name) {
        return "DELETE /" + prefix + name + "\n";
    }

    /** Request 1 creates the index; request 2, on line 3, reads a document of an index that does not exist (404). */
    @Override
    public String failingScript(String createdFirst) {
        return "PUT /" + prefix + createdFirst + "\n###\nGET /" + prefix + "no_such_index/_doc/1\n";
    }

    @Override
    public boolean objectExists(Map<String, String> target, String name) {
        return node.status("HEAD", "/" + target.get("indexPrefix") + name) == 200;
    }

    @Override
    public boolean transactional() {
        return false;
    }

    @Override
    public Map<String, String> unreachableTarget(String name) {
        return Map.of("host", "127.0.0.1", "port", String.valueOf(freePort()), "indexPrefix", name + "_");
    }

    /**
     * The shared node has no security, so the plain fixture points at the secured node with a wrong password; the
     * secured fixtures use their own wrong credentials (password or API key).
     */
    @Override
    public Optional<Map<String, String>> wrongCredentialsTarget(String name) {
        Map<String, String> wrong = new HashMap<>(wrongCredentials != null ? wrongCredentials
                : securedWithBasicAuth().wrongCredentials);
        wrong.put("indexPrefix", name + "_");
        return Optional.of(wrong);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
