package dev.weave.store.elasticsearch;

import dev.weave.error.ConfigurationException;
import dev.weave.spi.TargetSettings;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * Where and how to reach one target's cluster, from its settings: {@code host} (localhost), {@code port}
 * (9200), {@code scheme} (http), {@code user}/{@code password} (basic auth) or {@code apiKey},
 * {@code caCertificate} (PEM file of the CA for https, read with the settings: {@link CaCertificate}), {@code ledgerIndex} (weave_schema_history),
 * {@code indexPrefix} (put before the names of Weave's own indices), {@code lockLease} (30s).
 * Credentials travel in a default header, never in the address, so no message that names the address
 * can carry them.
 */
final class ElasticsearchEndpoint {

    static final String DEFAULT_LEDGER = "weave_schema_history";
    private static final Pattern INDEX_NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]*");
    /** A migration request may run long (a big _bulk, a force-merge); the connect timeout stays short. */
    private static final int SOCKET_TIMEOUT_MILLIS = (int) Duration.ofMinutes(10).toMillis();
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    final String target;
    final String host;
    final int port;
    final String scheme;
    final WeaveIndices indices;
    final Duration lockLease;
    final Duration connectWait;
    final dev.weave.spi.ConnectWaitListener waitListener;
    private final String user;
    private final String password;
    private final String apiKey;
    private final CaCertificate ca;
    /** The application's own client (a Spring Boot starter hands it over), or null: a client from the settings. */
    private final RestClient provided;

    private ElasticsearchEndpoint(TargetSettings s) {
        this.target = s.targetName();
        this.host = s.get("host", "localhost");
        this.port = s.getInt("port", 9200);
        this.scheme = s.get("scheme", "http").toLowerCase(Locale.ROOT);
        this.user = s.get("user").orElse(null);
        this.password = s.get("password").orElse(null);
        this.apiKey = s.get("apiKey").orElse(null);
        this.connectWait = s.connectWait();
        this.waitListener = s.waitListener();
        this.provided = s.client(RestClient.class).orElse(null);
        this.lockLease = LeaseDuration.parse(target, s.get("lockLease", "30s"));
        String prefix = s.get("indexPrefix", "");
        String ledger = prefix + s.get("ledgerIndex", DEFAULT_LEDGER);
        this.indices = new WeaveIndices(ledger, ledger + "_lock", ledger + "_resources");
        validate(prefix, ledger);
        this.ca = s.get(CaCertificate.SETTING).map(v -> CaCertificate.read(target, scheme, v)).orElse(null);
    }

    static ElasticsearchEndpoint of(TargetSettings settings) {
        return new ElasticsearchEndpoint(settings);
    }

    private void validate(String prefix, String ledger) {
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw config("scheme must be http or https, not '" + scheme + "'");
        }
        if (port <= 0 || port > 65535) {
            throw config("port " + port + " is not a TCP port (1-65535)");
        }
        if (apiKey != null && (user != null || password != null)) {
            throw config("give either user and password or apiKey, not both");
        }
        if (password != null && user == null) {
            throw config("a password needs a user (setting user or ELASTICSEARCH_USER)");
        }
        if (!INDEX_NAME.matcher(ledger).matches() || ledger.length() > 200) {
            throw config("ledger index '" + ledger + "' (indexPrefix + ledgerIndex) is not a valid index name:"
                    + " lower-case letters, digits, _ - . and not starting with _ - +");
        }
    }

    /** {@code http://host:port}: for messages, never with credentials. */
    String address() {
        if (provided != null && !provided.getNodes().isEmpty()) {
            return provided.getNodes().get(0).getHost().toURI(); // the client's own node: no credentials in it
        }
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return scheme + "://" + h + ":" + port;
    }

    /**
     * The values no message may show: the password; the API key as given and, decoded, its {@code id:api_key}
     * pair and both parts (Elasticsearch names a refused key's id in its answer).
     */
    List<String> secrets() {
        List<String> secrets = new ArrayList<>();
        if (password != null) {
            secrets.add(password);
        }
        if (apiKey != null) {
            secrets.add(apiKey);
            decodedApiKey().ifPresent(pair -> {
                secrets.add(pair);
                secrets.addAll(List.of(pair.split(":", 2)));
            });
        }
        return secrets;
    }

    private Optional<String> decodedApiKey() {
        try {
            String pair = new String(Base64.getDecoder().decode(apiKey.trim()), StandardCharsets.UTF_8);
            return pair.contains(":") ? Optional.of(pair) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not base64: the node will refuse it, and the key as given is redacted
        }
    }

    boolean hasCredentials() {
        return user != null || apiKey != null;
    }

    boolean usesApiKey() {
        return apiKey != null;
    }

    /** The caCertificate file in use, or null (the JVM's CAs). */
    Path caFile() {
        return ca == null ? null : ca.file();
    }

    /** Whether requests go through the application's client: Weave does not close it. */
    boolean borrowed() {
        return provided != null;
    }

    RestClient restClient() {
        if (provided != null) {
            return provided;
        }
        RestClientBuilder builder = RestClient.builder(new HttpHost(host, port, scheme))
                .setRequestConfigCallback(r -> r.setConnectTimeout(CONNECT_TIMEOUT_MILLIS)
                        .setSocketTimeout(SOCKET_TIMEOUT_MILLIS))
                .setDefaultHeaders(authorization());
        if (ca != null) {
            SSLContext ssl = ca.sslContext();
            builder.setHttpClientConfigCallback(h -> h.setSSLContext(ssl));
        }
        return builder.build();
    }

    /** Sent with every request (no challenge round trip); empty without credentials. */
    private Header[] authorization() {
        if (apiKey != null) {
            return new Header[]{new BasicHeader("Authorization", "ApiKey " + apiKey)};
        }
        if (user != null) {
            String pair = user + ":" + (password == null ? "" : password);
            return new Header[]{new BasicHeader("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)))};
        }
        return new Header[0];
    }

    private ConfigurationException config(String message) {
        return new ConfigurationException("target " + target + ": " + message);
    }

    /** The names of Weave's own indices on this target. */
    record WeaveIndices(String ledger, String lock, String resources) {
    }
}
