package dev.weave.local.neo4j;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The jars of the Neo4j server, which runs as its own process and is never on our classpath.
 *
 * <p>The build writes {@value #RESOURCE} (maven-dependency-plugin build-classpath over this module's
 * {@code provided} dependency on {@code org.neo4j:neo4j}): one entry per jar, as a path relative to a
 * Maven repository ({@code @M2_REPO@/org/neo4j/neo4j/5.26.12/neo4j-5.26.12.jar}). That relative path is
 * the same in the local repository and on Maven Central, so a jar missing locally (a machine that only
 * has weave.jar) is downloaded from the remote into the local repository and checked against its
 * published SHA-1.
 */
final class ServerClasspath {

    static final String RESOURCE = "server-classpath.txt";
    static final String REPO_PREFIX = "@M2_REPO@/";
    static final String CENTRAL = "https://repo.maven.apache.org/maven2/";

    static final String BUILD_REPOSITORY = "build-repository.txt";

    /** Where to look for a jar, in order; missing jars are downloaded into the first. */
    private final List<Path> repositories;
    private final URI remote;

    ServerClasspath(List<Path> repositories, URI remote) {
        this.repositories = List.copyOf(repositories);
        this.remote = remote;
    }

    /**
     * The local repositories that may hold the jars: {@code -Dmaven.repo.local}, the one this module was
     * built with (tests run with a custom {@code maven.repo.local} find their jars there), and
     * {@code ~/.m2/repository}; the remote is Maven Central.
     */
    static ServerClasspath standard() throws IOException {
        List<Path> repositories = new ArrayList<>();
        String configured = System.getProperty("maven.repo.local");
        if (configured != null && !configured.isBlank()) {
            repositories.add(Path.of(configured));
        }
        buildRepository().ifPresent(repositories::add);
        repositories.add(Path.of(System.getProperty("user.home"), ".m2", "repository"));
        return new ServerClasspath(repositories, URI.create(CENTRAL));
    }

    private static Optional<Path> buildRepository() throws IOException {
        try (InputStream in = ServerClasspath.class.getResourceAsStream(BUILD_REPOSITORY)) {
            String path = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return path.isEmpty() || path.startsWith("${") || !Files.isDirectory(Path.of(path))
                    ? Optional.empty() : Optional.of(Path.of(path));
        }
    }

    /** The server's jars in the local repository, fetching the missing ones first. */
    List<Path> jars() throws IOException {
        List<Path> jars = new ArrayList<>();
        for (String entry : entries()) {
            jars.add(resolve(entry));
        }
        return jars;
    }

    static List<String> entries() throws IOException {
        try (InputStream in = ServerClasspath.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(RESOURCE + " is missing beside " + ServerClasspath.class.getName()
                        + ": build weave-local-neo4j with Maven, which writes it");
            }
            List<String> entries = new ArrayList<>();
            for (String entry : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split(";")) {
                if (!entry.isBlank()) {
                    entries.add(entry.trim());
                }
            }
            return entries;
        }
    }

    Path resolve(String entry) throws IOException {
        if (!entry.startsWith(REPO_PREFIX)) {
            throw new IOException(RESOURCE + ": entry outside the Maven repository: " + entry);
        }
        String relative = entry.substring(REPO_PREFIX.length());
        if (relative.contains("..")) {
            throw new IOException(RESOURCE + ": suspicious entry " + entry);
        }
        for (Path repository : repositories) {
            Path jar = repository.resolve(relative);
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        Path jar = repositories.get(0).resolve(relative);
        download(relative, jar);
        return jar;
    }

    /** Into a temporary file first, moved into place only after the checksum matched. */
    private void download(String relative, Path jar) throws IOException {
        URI source = remote.resolve(relative);
        Files.createDirectories(jar.getParent());
        Path partial = Files.createTempFile(jar.getParent(), jar.getFileName().toString(), ".part");
        try {
            byte[] bytes = fetch(source);
            String expected = new String(fetch(remote.resolve(relative + ".sha1")), StandardCharsets.US_ASCII)
                    .trim().split("\\s+")[0];
            String actual = sha1(bytes);
            if (!actual.equalsIgnoreCase(expected)) {
                throw new IOException("checksum mismatch for " + source + ": SHA-1 " + actual + ", published " + expected);
            }
            Files.write(partial, bytes);
            Files.move(partial, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static byte[] fetch(URI uri) throws IOException {
        URLConnection connection = uri.toURL().openConnection();
        connection.setConnectTimeout(15_000);
        connection.setReadTimeout(60_000);
        try (InputStream in = connection.getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IOException("cannot download " + uri + " (needed to run the local Neo4j server): " + e.getMessage(), e);
        }
    }

    static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
