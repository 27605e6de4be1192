package dev.weave.store.neo4j;

import dev.weave.error.ConfigurationException;
import dev.weave.error.StoreUnreachableException;
import dev.weave.spi.Durations;
import dev.weave.spi.TargetSettings;
import org.neo4j.driver.AuthToken;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Logging;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.exceptions.AuthenticationException;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.exceptions.SecurityException;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Where and how to connect for one target. The URI goes to the driver as given ({@code neo4j://} routing
 * for clusters, {@code bolt+s://} and {@code neo4j+s://} for TLS); {@code host} and {@code port} (the
 * {@code --host}/{@code --port} flags) replace those parts of it. {@code caCertificate} (a PEM file) makes a
 * {@code +s} URI trust that CA instead of the JVM's. The password only ever travels in the driver's auth token,
 * so no message that names the address can carry it.
 */
final class Neo4jEndpoint {

    static final String DEFAULT_URI = "bolt://localhost:7687";
    static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
    private static final Set<String> SCHEMES = Set.of("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc");
    private static final Duration RETRY_PAUSE = Duration.ofMillis(500);

    private final String target;
    private final URI uri;
    private final String user;
    private final String password;
    private final String database;
    private final Duration lockLease;
    private final Duration wait;
    private final dev.weave.spi.ConnectWaitListener waitListener;
    /** Null: the JVM's trusted CAs (or none, for a plain or {@code +ssc} URI). */
    private final CaCertificate ca;
    /** The application's own driver (a Spring Boot starter hands it over), or null: a driver from the settings. */
    private final Driver provided;

    private Neo4jEndpoint(TargetSettings s) {
        this.target = s.targetName();
        this.uri = uri(s);
        this.user = s.get("user", "neo4j");
        this.password = s.get("password").orElse(null);
        this.database = s.get("database").orElse(null);
        this.lockLease = s.get("lockLease").map(v -> Durations.parse(v, "target " + target + ": lockLease"))
                .orElse(DEFAULT_LEASE);
        this.wait = s.connectWait();
        this.waitListener = s.waitListener();
        this.provided = s.client(Driver.class).orElse(null);
        // read and parsed now, so a wrong file is a configuration error before any connection is tried
        this.ca = s.get(CaCertificate.SETTING)
                .map(v -> CaCertificate.read(target, uri.getScheme().toLowerCase(Locale.ROOT), v)).orElse(null);
        if (lockLease.toMillis() < 300) {
            throw new ConfigurationException("target " + target + ": lockLease " + lockLease.toMillis()
                    + " ms is too short to renew; use at least 1s (default 30s)");
        }
    }

    static Neo4jEndpoint of(TargetSettings settings) {
        return new Neo4jEndpoint(settings);
    }

    private static URI uri(TargetSettings s) {
        String text = s.get("uri", DEFAULT_URI).trim();
        URI parsed;
        try {
            parsed = new URI(text);
        } catch (URISyntaxException e) {
            throw new ConfigurationException("target " + s.targetName() + ": uri '" + redact(text)
                    + "' is not a URI; use e.g. " + DEFAULT_URI + " or neo4j+s://host:7687");
        }
        if (parsed.getScheme() == null || !SCHEMES.contains(parsed.getScheme().toLowerCase())) {
            throw new ConfigurationException("target " + s.targetName() + ": uri '" + redact(text) + "' must start with one of "
                    + String.join("://, ", SCHEMES.stream().sorted().toList()) + "://");
        }
        if (parsed.getUserInfo() != null) {
            throw new ConfigurationException("target " + s.targetName() + ": put the user and password in the user and"
                    + " password settings (NEO4J_USER / NEO4J_PASSWORD), not in the uri");
        }
        String host = s.get("host", parsed.getHost());
        int port = s.getInt("port", parsed.getPort() < 0 ? 7687 : parsed.getPort());
        if (port <= 0 || port > 65535) {
            throw new ConfigurationException("target " + s.targetName() + ": port " + port + " is not a TCP port (1-65535)");
        }
        try {
            return new URI(parsed.getScheme(), null, host, port, parsed.getPath(), parsed.getQuery(), null);
        } catch (URISyntaxException e) {
            throw new ConfigurationException("target " + s.targetName() + ": host '" + host + "' does not make a valid uri");
        }
    }

    /** A URI as the user wrote it may carry user:password@ (which we refuse); never echo that part. */
    private static String redact(String uri) {
        return uri.replaceAll("//[^/@]*@", "//***@");
    }

    /** {@code bolt://host:port}, database when given: for messages. */
    String address() {
        return provided != null ? "the application's Neo4j driver" : uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
    }

    String target() {
        return target;
    }

    String user() {
        return user;
    }

    Duration lockLease() {
        return lockLease;
    }

    /**
     * Opens a driver and checks it can work in the target's database, retrying for up to the target's wait
     * while the server is down or still starting. Wrong credentials, TLS problems and a missing database
     * fail at once: waiting will not fix them.
     *
     * @return the open driver and the name of the database it works in
     */
    Opened open() {
        Driver driver = provided != null ? provided : driver();
        long start = System.nanoTime();
        long deadline = start + wait.toNanos();
        int attempt = 0;
        try {
            while (true) {
                try {
                    // the first query proves connectivity, credentials and the database at once: a separate
                    // verifyConnectivity() was one more round trip and ~100 ms of a cold start
                    return new Opened(driver, databaseName(driver));
                } catch (AuthenticationException e) {
                    throw new StoreUnreachableException("cannot log in to " + address() + " as user '" + user
                            + "': the server refused the credentials (" + reason(e) + "); check the user and password"
                            + " (NEO4J_USER / NEO4J_PASSWORD, weave.yaml or --user / --password)");
                } catch (SecurityException e) {
                    if (serverVerdict(e)) { // e.g. expired credentials; not the driver's own TLS failure
                        throw new StoreUnreachableException("Neo4j at " + address() + " refused user '" + user + "': "
                                + reason(e) + " (" + e.code() + ")");
                    }
                    throw new StoreUnreachableException(TlsFailure.describe(e, address(), uri.getHost(),
                            ca == null ? null : ca.file()));
                } catch (ClientException e) {
                    if (e.code() != null && e.code().equals("Neo.ClientError.Database.DatabaseNotFound")) {
                        throw new StoreUnreachableException("database '" + database + "' does not exist on " + address()
                                + "; create it (CREATE DATABASE " + database + ", Enterprise edition) or set the target's"
                                + " database setting (NEO4J_DATABASE)");
                    }
                    throw new StoreUnreachableException("Neo4j at " + address() + " refused the connection: " + reason(e));
                } catch (Neo4jException e) {
                    // not listening yet, starting, or the database is not available yet
                    if (System.nanoTime() >= deadline) {
                        throw new StoreUnreachableException(unreachable(e));
                    }
                    waitListener.stillWaiting(address(), ++attempt, Duration.ofNanos(System.nanoTime() - start), wait,
                            reason(e));
                    pause();
                }
            }
        } catch (RuntimeException e) {
            close(driver);
            throw e;
        }
    }

    /**
     * Closes a driver of Weave's own in the background (a synchronous close waits out Netty's quiet period, ~200 ms,
     * for nothing; its threads are daemons). The application's driver is left alone: it belongs to the application.
     */
    void close(Driver driver) {
        if (driver != provided) {
            driver.closeAsync();
        }
    }

    /** The driver gives its own failures (a TLS handshake) the code N/A; the server's have real codes. */
    private static boolean serverVerdict(Neo4jException e) {
        return e.code() != null && !e.code().isBlank() && !e.code().equals("N/A");
    }

    /** A server that never answered; or one that hung up on a plain connection, as one that requires TLS does. */
    private String unreachable(Neo4jException e) {
        boolean tls = uri.getScheme().contains("+s");
        String waited = wait.isZero() ? "" : " (waited " + wait.toSeconds() + " s)";
        if (!tls && TlsFailure.closedOnPlainBolt(e)) {
            return "cannot connect to Neo4j at " + address() + waited + ": the server closed the plain (unencrypted)"
                    + " connection, as a server that requires TLS does; use " + uri.getScheme() + "+s:// (with "
                    + CaCertificate.SETTING + " / NEO4J_CA_CERTIFICATE for a private CA), or check that the port is Bolt's";
        }
        return "cannot reach Neo4j at " + address() + ": " + reason(e)
                + (wait.isZero() ? "; is it running? (--wait 60s waits for a server that is starting)" : waited)
                + (tls ? "; the uri asks for TLS (" + uri.getScheme() + "://): is TLS enabled for Bolt on that server?" : "");
    }

    private Driver driver() {
        AuthToken auth = password == null ? AuthTokens.none() : AuthTokens.basic(user, password);
        Config.ConfigBuilder config = Config.builder()
                .withLogging(Logging.none())
                .withUserAgent("weave")
                .withConnectionTimeout(10, TimeUnit.SECONDS)
                .withMaxConnectionPoolSize(8);
        URI driverUri = uri;
        if (ca != null) {
            // the driver allows no trust settings beside a +s scheme: the same TLS, spelt as the plain scheme
            // with encryption on and only this CA trusted (host name verified, as +s does)
            config.withEncryption().withTrustStrategy(ca.trustStrategy());
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            driverUri = URI.create(scheme.substring(0, scheme.length() - "+s".length())
                    + uri.toString().substring(scheme.length()));
        }
        try {
            return GraphDatabase.driver(driverUri, auth, config.build());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("target " + target + ": uri " + address() + " is not usable: " + e.getMessage());
        }
    }

    /** The configured database, or the server's default one; asked of the server so a missing one fails here. */
    private String databaseName(Driver driver) {
        SessionConfig config = database == null ? SessionConfig.defaultConfig() : SessionConfig.forDatabase(database);
        try (Session session = driver.session(config)) {
            return session.run("CALL db.info() YIELD name RETURN name").single().get(0).asString();
        }
    }

    static String reason(Neo4jException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s+", " ").trim();
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnreachableException("interrupted while waiting for Neo4j");
        }
    }

    record Opened(Driver driver, String database) {
    }
}
