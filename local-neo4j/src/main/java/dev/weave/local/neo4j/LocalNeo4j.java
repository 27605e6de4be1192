package dev.weave.local.neo4j;

import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Logging;
import org.neo4j.driver.Session;
import org.neo4j.driver.exceptions.AuthenticationException;
import org.neo4j.driver.exceptions.Neo4jException;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Neo4j 5 Community server run as its own process from the jars on Maven Central (no Docker, no
 * Neo4j download): {@code org.neo4j.server.CommunityEntryPoint --home-dir=… --config-dir=…} with the
 * classpath of {@link ServerClasspath}, so Neo4j's Netty, Lucene and Log4j never share a classpath with
 * ours. Bolt on 127.0.0.1, HTTP off, auth on with the {@code neo4j} user's password set before the first
 * start (never a moment with the well-known default password).
 *
 * <p>{@link #startTemporary(BoltTls)} starts one that takes Bolt over TLS only ({@code server.bolt.tls_level=REQUIRED}):
 * its {@link #boltUri()} is {@code bolt+s://localhost:<port>}, and a plain {@code bolt://} connection is refused.
 *
 * <p>The process is tied to this JVM: {@link #close()} stops it, and if this JVM dies without closing,
 * the server notices its standard input closing and stops too (see {@link ServerMain}).
 */
public final class LocalNeo4j implements Neo4jServer, AutoCloseable {

    /** Generous: a cold start on a busy 2-core machine; only a failing start waits that long (a bound, not a
     * duration: restarts beside two CPU hogs and other builds have taken over 90 s). */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(300);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);
    private static final List<String> JVM_OPTIONS = List.of(
            "-Xms128m", "-Xmx512m",
            "-XX:+UseSerialGC", // 2 cores and a small heap: fewer GC threads, less memory
            "-XX:-OmitStackTraceInFastThrow",
            "-Djdk.nio.maxCachedBufferSize=1024",
            "-Dio.netty.tryReflectionSetAccessible=true",
            "-Dlog4j2.disable.jmx=true",
            "-Dfile.encoding=UTF-8",
            // what Neo4j's own start script opens for its page cache and Netty
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED");

    private final Process process;
    private final OutputStream lifeline;
    private final Path home;
    private final int boltPort;
    private final String password;
    private final boolean temporary;
    /** Null for a plain Bolt server. */
    private final BoltTls tls;

    private LocalNeo4j(Process process, OutputStream lifeline, Path home, int boltPort, String password, boolean temporary,
                       BoltTls tls) {
        this.process = process;
        this.lifeline = lifeline;
        this.home = home;
        this.boltPort = boltPort;
        this.password = password;
        this.temporary = temporary;
        this.tls = tls;
    }

    /** A throwaway server: temporary home, free port, random password; all deleted by {@link #close()}. */
    public static LocalNeo4j startTemporary() throws IOException {
        return startTemporary(null);
    }

    /**
     * As {@link #startTemporary()}, with Bolt over TLS only when {@code tls} is given: the key and certificate are
     * copied into the temporary home (and deleted with it).
     */
    public static LocalNeo4j startTemporary(BoltTls tls) throws IOException {
        Path home = Files.createTempDirectory("weave-neo4j-");
        try {
            return launch(home, freePort(), Passwords.random(), true, tls);
        } catch (IOException | RuntimeException e) {
            Directories.deleteRecursively(home);
            throw e;
        }
    }

    /**
     * Starts a server whose home (configuration, data, logs) is {@code dataDir}, keeping the data of an
     * earlier run there. A new home gets {@code password} for the {@code neo4j} user; an existing one must
     * already have it (Neo4j keeps the password in its system database). {@code boltPort} 0 picks a free one.
     */
    public static LocalNeo4j start(Path dataDir, int boltPort, String password) throws IOException {
        Passwords.requireUsable(password);
        Path home = dataDir.toAbsolutePath().normalize();
        LocalNeo4j server = launch(home, boltPort == 0 ? freePort() : requireFree(boltPort), password, false, null);
        try {
            Passwords.store(home, password);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /**
     * As {@link #start(Path, int, String)} with the password Weave keeps beside the data
     * ({@value Passwords#FILE_NAME}, owner-only): a new home gets a random one, a kept home the stored one.
     */
    public static LocalNeo4j start(Path dataDir, int boltPort) throws IOException {
        Path home = dataDir.toAbsolutePath().normalize();
        return start(home, boltPort, Passwords.stored(home).orElseGet(Passwords::random));
    }

    private static LocalNeo4j launch(Path home, int port, String password, boolean temporary, BoltTls tls)
            throws IOException {
        boolean fresh = !Files.isDirectory(home.resolve("data").resolve("databases").resolve("system"));
        Path conf = home.resolve("conf");
        ServerConfig.write(conf, home, port, tls == null ? null : tls.install(home));
        Files.createDirectories(home.resolve("logs"));
        Path console = home.resolve("logs").resolve("console.log");

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(classpath(home));
        command.add(ServerMain.class.getName());
        command.add("--home-dir=" + home);
        command.add("--config-dir=" + conf);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()));
        // Our --home-dir/--config-dir decide, not a developer's own Neo4j settings.
        builder.environment().keySet().removeIf(k -> k.startsWith("NEO4J_"));

        long started = System.nanoTime();
        Process process = builder.start();
        OutputStream lifeline = process.getOutputStream();
        LocalNeo4j server = new LocalNeo4j(process, lifeline, home, port, password, temporary, tls);
        try {
            // First line: the initial password for a new server, empty for one that has its password.
            lifeline.write(((fresh ? password : "") + "\n").getBytes(StandardCharsets.UTF_8));
            lifeline.flush();
            server.awaitReady(started);
            return server;
        } catch (IOException | RuntimeException e) {
            server.stop(temporary); // a kept server may be fully up (refused password): let it checkpoint
            throw e;
        }
    }

    /** The server's jars plus a directory holding just {@link ServerMain}'s class file. */
    private static String classpath(Path home) throws IOException {
        Path launcherDir = home.resolve("launcher");
        String classFile = ServerMain.class.getName().replace('.', '/') + ".class";
        Path target = launcherDir.resolve(classFile);
        Files.createDirectories(target.getParent());
        try (InputStream in = ServerMain.class.getClassLoader().getResourceAsStream(classFile)) {
            if (in == null) {
                throw new IOException("cannot read " + classFile + " from Weave's own classpath");
            }
            Files.write(target, in.readAllBytes());
        }
        List<String> entries = new ArrayList<>();
        entries.add(launcherDir.toString());
        for (Path jar : ServerClasspath.standard().jars()) {
            entries.add(jar.toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    /** Polls Bolt until a query answers; the first query also warms up Cypher (~3 s on a cold JVM). */
    private void awaitReady(long startedNanos) throws IOException {
        long deadline = startedNanos + STARTUP_WAIT.toNanos();
        Driver driver = openDriver(Config.builder().withConnectionTimeout(2, TimeUnit.SECONDS));
        try {
            while (true) {
                if (!process.isAlive()) {
                    throw new IOException(describeFailure("the Neo4j process exited with status " + process.exitValue()));
                }
                try (Session session = driver.session()) {
                    session.run("RETURN 1").consume();
                    return;
                } catch (AuthenticationException e) {
                    throw new IOException("the Neo4j server in " + home + " refused the password for user '" + USER
                            + "': it keeps the password it was first started with; pass that one (or start with a new directory)");
                } catch (Neo4jException e) {
                    // not listening yet, or the database is still starting
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException(describeFailure("Neo4j did not answer on " + boltUri() + " within "
                            + STARTUP_WAIT.toSeconds() + " s"));
                }
                sleep(200);
            }
        } finally {
            driver.closeAsync(); // a synchronous close waits out Netty's quiet period for nothing
        }
    }

    private String describeFailure(String what) {
        return what + " (home " + home + ")\n" + tail(home.resolve("logs").resolve("console.log"))
                + tail(home.resolve("logs").resolve("neo4j.log"));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return lines.subList(Math.max(0, lines.size() - 15), lines.size()).stream()
                    .map(l -> "  " + log.getFileName() + ": " + l + "\n").collect(Collectors.joining());
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * {@code bolt://127.0.0.1:<port>}; with TLS {@code bolt+s://localhost:<port>}, a name the test certificate
     * names (the server listens on 127.0.0.1, which is what localhost is on this machine's resolver).
     */
    @Override
    public String boltUri() {
        return tls == null ? "bolt://127.0.0.1:" + boltPort : "bolt+s://localhost:" + boltPort;
    }

    /** With TLS: encrypted, trusting only the CA of {@link BoltTls#caCertificate()}, host name verified. */
    @Override
    public Driver openDriver() {
        return openDriver(Config.builder());
    }

    private Driver openDriver(Config.ConfigBuilder config) {
        config.withLogging(Logging.none()).withUserAgent("weave-local-neo4j");
        String uri = boltUri();
        if (tls != null) {
            // the driver refuses trust settings next to a +s scheme: the same thing spelt bolt:// + encryption
            uri = "bolt://localhost:" + boltPort;
            config.withEncryption().withTrustStrategy(Config.TrustStrategy
                    .trustCustomCertificateSignedBy(tls.caCertificate().toFile()).withHostnameVerification());
        }
        return GraphDatabase.driver(uri, AuthTokens.basic(USER, password), config.build());
    }

    /** Whether Bolt takes TLS connections only. */
    public boolean tls() {
        return tls != null;
    }

    @Override
    public String password() {
        return password;
    }

    public int boltPort() {
        return boltPort;
    }

    public Path home() {
        return home;
    }

    /** The server process, for callers that need its pid or want to watch it. */
    public ProcessHandle process() {
        return process.toHandle();
    }

    /**
     * Stops the server. A kept server shuts down cleanly (SIGTERM, Neo4j checkpoints); a temporary one is
     * killed at once and its home deleted: its data is thrown away anyway.
     */
    @Override
    public void close() {
        stop(temporary);
        if (temporary) {
            Directories.deleteRecursively(home);
        }
    }

    private void stop(boolean kill) {
        try {
            if (kill) {
                process.destroyForcibly();
            } else {
                process.destroy();
            }
            if (!process.waitFor(STOP_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                lifeline.close();
            } catch (IOException ignored) {
                // the process is gone; so is the pipe
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Fails fast on a taken port instead of waiting for a server that cannot bind. */
    private static int requireFree(int port) throws IOException {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
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
            throw new IOException("interrupted while waiting for Neo4j to start", e);
        }
    }

    @Override
    public String toString() {
        return "LocalNeo4j[" + boltUri() + ", " + home + "]";
    }
}
