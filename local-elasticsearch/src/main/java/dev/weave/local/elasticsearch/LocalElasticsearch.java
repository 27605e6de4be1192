package dev.weave.local.elasticsearch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Elasticsearch 8.19 node run as its own process from the integ-test-zip: single node on
 * 127.0.0.1, security off (no credentials; {@link #startTemporaryWithSecurity} turns it on for tests of
 * authentication, over plain HTTP or HTTPS), disk thresholds off, heap 256-512 MB. A node with security on runs
 * from the distribution with {@link SecurityIndexAnalysis}'s plugin, so it can create API keys. As root it runs as uid 65534 (see
 * {@link RunAs}). Its directory holds {@code data/}, {@code logs/} (with {@code console.log}), a writable
 * copy of {@code config/} and {@code tmp/}.
 */
public final class LocalElasticsearch implements ElasticsearchServer, AutoCloseable {

    private static final String HOST = "127.0.0.1";
    /** Generous: a cold start on a busy 2-core machine is ~10 s; only a failing start waits that long (a bound, not a
     * duration: restarts beside two CPU hogs and other builds have taken over 90 s). */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(300);
    private static final Duration STOP_WAIT = Duration.ofSeconds(20);

    private final Process process;
    private final Path directory;
    private final int port;
    private final boolean temporary;
    private final FileRealmUser user;
    private final HttpTls tls;
    private boolean closed;

    private LocalElasticsearch(Process process, Path directory, int port, boolean temporary, FileRealmUser user,
                               HttpTls tls) {
        this.process = process;
        this.directory = directory;
        this.port = port;
        this.temporary = temporary;
        this.user = user;
        this.tls = tls;
    }

    /** A throwaway node: temporary directory, free port; everything is deleted by {@link #close()}. */
    public static LocalElasticsearch startTemporary() throws IOException {
        return startTemporary(null, null);
    }

    /**
     * A throwaway node with security on (plain HTTP, no TLS): requests need the credentials of
     * {@code user}, a superuser in the node's file realm, or an API key made with them.
     */
    public static LocalElasticsearch startTemporaryWithSecurity(String user, String password) throws IOException {
        return startTemporary(new FileRealmUser(user, password), null);
    }

    /**
     * As {@link #startTemporaryWithSecurity(String, String)}, over HTTPS only
     * ({@code xpack.security.http.ssl.enabled}) with the key and certificate of {@code tls}: {@link #url()} is
     * {@code https://127.0.0.1:<port>}, so the certificate must name 127.0.0.1.
     */
    public static LocalElasticsearch startTemporaryWithSecurity(String user, String password, HttpTls tls)
            throws IOException {
        return startTemporary(new FileRealmUser(user, password), Objects.requireNonNull(tls, "tls"));
    }

    private static LocalElasticsearch startTemporary(FileRealmUser user, HttpTls tls) throws IOException {
        Path dir = Files.createTempDirectory("weave-es-");
        try {
            return launch(dir, 0, true, user, tls);
        } catch (IOException | RuntimeException e) {
            ElasticsearchDistribution.deleteTree(dir);
            throw e;
        }
    }

    /**
     * Starts a node whose data stays in {@code dataDir} between runs ({@code weave dev up}). {@code httpPort}
     * 0 picks a free port. As root, uid 65534 must be able to get to {@code dataDir}.
     */
    public static LocalElasticsearch start(Path dataDir, int httpPort) throws IOException {
        Path dir = dataDir.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        return launch(dir, httpPort, false, null, null);
    }

    private static LocalElasticsearch launch(Path dir, int httpPort, boolean temporary, FileRealmUser user, HttpTls tls)
            throws IOException {
        RunAs.requireReachableByNode(dir); // dir itself is handed over to the node user below
        Path home = user == null ? ElasticsearchDistribution.home() : SecurityIndexAnalysis.home();
        int port = httpPort == 0 ? freePort() : requireFreePort(httpPort);
        String nodeName = "weave-" + UUID.randomUUID().toString().substring(0, 8);
        prepare(dir, home, user, tls);
        ProcessBuilder builder = new ProcessBuilder(command(home, dir, port, nodeName, user != null, tls != null))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("logs/console.log").toFile());
        environment(builder.environment(), dir);
        Process process = builder.start();
        LocalElasticsearch node = new LocalElasticsearch(process, dir, port, temporary, user, tls);
        try {
            node.awaitReady(nodeName);
            return node;
        } catch (IOException | RuntimeException e) {
            node.stop();
            throw e;
        }
    }

    /** data/, logs/, tmp/ and a fresh copy of the distribution's config/, all owned by the node's user. */
    private static void prepare(Path dir, Path home, FileRealmUser user, HttpTls tls) throws IOException {
        for (String sub : List.of("data", "logs", "tmp")) {
            Files.createDirectories(dir.resolve(sub));
        }
        Path config = dir.resolve("config");
        ElasticsearchDistribution.deleteTree(config);
        try (Stream<Path> files = Files.walk(home.resolve("config"))) {
            for (Path from : files.toList()) {
                Path to = config.resolve(home.resolve("config").relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        if (user != null) {
            user.writeTo(config);
        }
        if (tls != null) {
            tls.install(config);
        }
        Files.deleteIfExists(dir.resolve("logs/console.log"));
        Files.createFile(dir.resolve("logs/console.log"));
        RunAs.handOver(dir);
    }

    private static List<String> command(Path home, Path dir, int port, String nodeName, boolean security, boolean tls)
            throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("discovery.type", "single-node");
        settings.put("network.host", HOST);
        settings.put("http.port", String.valueOf(port));
        settings.put("transport.port", String.valueOf(freePort()));
        settings.put("node.name", nodeName);
        settings.put("cluster.name", "weave-local");
        settings.put("path.data", dir.resolve("data").toString());
        settings.put("path.logs", dir.resolve("logs").toString());
        settings.put("xpack.security.enabled", String.valueOf(security));
        if (tls) {
            settings.putAll(HttpTls.settings());
        }
        // a nearly full disk on a developer machine must not turn indices read-only mid-test
        settings.put("cluster.routing.allocation.disk.threshold_enabled", "false");
        List<String> command = new ArrayList<>(RunAs.commandPrefix());
        command.add(home.resolve("bin/elasticsearch").toString());
        settings.forEach((k, v) -> {
            command.add("-E");
            command.add(k + "=" + v);
        });
        return command;
    }

    /** A clean environment: no JAVA_TOOL_OPTIONS or JAVA_HOME of ours leaks into the node. */
    private static void environment(Map<String, String> env, Path dir) {
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.clear();
        env.put("PATH", path);
        env.put("HOME", dir.toString());
        env.put("LANG", "C.UTF-8");
        env.put("ES_JAVA_HOME", System.getProperty("java.home"));
        env.put("ES_PATH_CONF", dir.resolve("config").toString());
        env.put("ES_TMPDIR", dir.resolve("tmp").toString());
        // No pre-touching of the heap, and only the quick C1 compiler: this node serves tests and the quick
        // start (small requests, small data), and on 2 cores it is ready in ~5-6 s instead of ~7-12 s.
        env.put("ES_JAVA_OPTS", "-Xms256m -Xmx512m -XX:-AlwaysPreTouch -XX:TieredStopAtLevel=1");
    }

    private void awaitReady(String nodeName) throws IOException {
        NodeProbe probe = new NodeProbe(url(), user == null ? null : user.basicAuthorization(),
                tls == null ? null : tls.clientContext());
        long deadline = System.nanoTime() + STARTUP_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Elasticsearch exited with code " + process.exitValue() + " while starting; "
                        + consoleTail());
            }
            Optional<String> health = probe.health();
            if (health.isPresent()) {
                // something else could have taken the port between our check and the node binding it
                if (probe.localNodeInfo().filter(info -> info.contains("\"" + nodeName + "\"")).isEmpty()) {
                    throw new IOException("port " + port + " is answered by another Elasticsearch node");
                }
                return;
            }
            sleep(250);
        }
        throw new IOException("Elasticsearch did not become ready within " + STARTUP_WAIT.toSeconds() + " s; "
                + consoleTail());
    }

    private String consoleTail() {
        try {
            List<String> lines = Files.readAllLines(directory.resolve("logs/console.log"), StandardCharsets.UTF_8);
            return "last lines of " + directory.resolve("logs/console.log") + ":\n  "
                    + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "see " + directory.resolve("logs");
        }
    }

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public int port() {
        return port;
    }

    /** {@code https://…} for a node started with {@link HttpTls}, else {@code http://…}. */
    @Override
    public String url() {
        return (tls == null ? "http" : "https") + "://" + HOST + ":" + port;
    }

    /** The superuser of a node with security on; empty when security is off. */
    public Optional<String> user() {
        return Optional.ofNullable(user).map(FileRealmUser::name);
    }

    public Optional<String> password() {
        return Optional.ofNullable(user).map(FileRealmUser::password);
    }

    public Path directory() {
        return directory;
    }

    /** The process this class started (the launcher; the server JVM is its child). */
    public long pid() {
        return process.pid();
    }

    /** Stops the node (its whole process tree); a temporary node's directory is deleted. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        if (temporary) {
            try {
                ElasticsearchDistribution.deleteTree(directory);
            } catch (IOException e) {
                throw new UncheckedIOException("could not delete " + directory, e);
            }
        }
    }

    /**
     * SIGTERM to the launcher makes it stop the server JVM it started and exit; whatever of the tree is
     * still alive after the wait is killed.
     */
    private void stop() {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        process.destroy();
        try {
            process.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            for (ProcessHandle child : tree) {
                child.onExit().get(Math.max(1, STOP_WAIT.toMillis() / 4), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // timed out: killed below
        }
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    private static int requireFreePort(int port) throws IOException {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
        } catch (IOException e) {
            throw new IOException("port " + port + " is already in use", e);
        }
        return port;
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for Elasticsearch to start");
        }
    }

    @Override
    public String toString() {
        return "LocalElasticsearch[" + url() + ", " + directory + "]";
    }
}
