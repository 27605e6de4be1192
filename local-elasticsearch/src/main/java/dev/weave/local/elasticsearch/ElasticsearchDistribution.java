package dev.weave.local.elasticsearch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Elasticsearch's integ-test-zip from Maven Central, unpacked once into a cache directory.
 *
 * <p>The build downloads the zip into the local Maven repository and records its path in
 * {@code distribution.properties}. Looked up in this order: {@value #ZIP_PROPERTY} (system property) or
 * {@code WEAVE_ELASTICSEARCH_ZIP}; the recorded path; the same artifact in {@code ~/.m2/repository}.
 *
 * <p>The cache ({@value #CACHE_PROPERTY} or {@code WEAVE_ELASTICSEARCH_CACHE}, default
 * {@code <tmpdir>/weave-elasticsearch-<user>}) must belong to the current user and be closed to writes by
 * others: the node runs programs from it. It is readable by everyone because, as root, the node runs as
 * uid 65534.
 */
final class ElasticsearchDistribution {

    static final String ZIP_PROPERTY = "weave.elasticsearch.zip";
    static final String CACHE_PROPERTY = "weave.elasticsearch.cache";
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> EXECUTABLE = DIRECTORY;
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-r--r--");

    private static final Properties RECORDED = recorded();

    private ElasticsearchDistribution() {
    }

    static String version() {
        return RECORDED.getProperty("version");
    }

    /** The unpacked distribution ({@code bin/elasticsearch} inside), unpacking it on first use. */
    static synchronized Path home() throws IOException {
        Path cache = cacheDirectory();
        Path home = cache.resolve("elasticsearch-" + version());
        if (Files.isExecutable(home.resolve("bin/elasticsearch"))) {
            return home;
        }
        unpack(zip(), cache, home);
        return home;
    }

    static Path zip() throws IOException {
        List<Path> tried = new ArrayList<>();
        String given = setting(ZIP_PROPERTY, "WEAVE_ELASTICSEARCH_ZIP");
        if (given != null) {
            Path zip = Path.of(given);
            if (Files.isRegularFile(zip)) {
                return zip;
            }
            throw new IOException(ZIP_PROPERTY + " names " + zip + ", which is not a file");
        }
        String recorded = RECORDED.getProperty("zip", "");
        if (!recorded.isBlank() && !recorded.startsWith("${")) {
            tried.add(Path.of(recorded));
        }
        String v = version();
        tried.add(Path.of(System.getProperty("user.home"), ".m2", "repository", "org", "elasticsearch", "distribution",
                "integ-test-zip", "elasticsearch", v, "elasticsearch-" + v + ".zip"));
        for (Path candidate : tried) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IOException("Elasticsearch " + v + " is not in the local Maven repository (looked at " + tried
                + "); fetch it with: mvn dependency:get -Dartifact=" + RECORDED.getProperty("coordinates")
                + " -Dtransitive=false (or set " + ZIP_PROPERTY + " to the zip)");
    }

    static Path cacheDirectory() throws IOException {
        String given = setting(CACHE_PROPERTY, "WEAVE_ELASTICSEARCH_CACHE");
        Path cache = given != null ? Path.of(given)
                : Path.of(System.getProperty("java.io.tmpdir"), "weave-elasticsearch-" + System.getProperty("user.name"));
        cache = cache.toAbsolutePath().normalize();
        try {
            Files.createDirectory(cache, PosixFilePermissions.asFileAttribute(DIRECTORY));
            Files.setPosixFilePermissions(cache, DIRECTORY); // the umask may have taken bits away
        } catch (FileAlreadyExistsException e) {
            requireOurs(cache);
        }
        RunAs.requireReachableByNode(cache.resolve("x"));
        return cache;
    }

    /** A cache someone else could write to would let them plant programs that the node runs. */
    private static void requireOurs(Path cache) throws IOException {
        if (!Files.isDirectory(cache, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(cache + " is not a directory; remove it or set " + CACHE_PROPERTY);
        }
        Object owner = Files.getAttribute(cache, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        Object me = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(cache, LinkOption.NOFOLLOW_LINKS);
        if (!owner.equals(me) || perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException(cache + " belongs to another user or is writable by others; remove it or set "
                    + CACHE_PROPERTY + " to a directory of your own");
        }
    }

    /**
     * Unpacks into a scratch directory beside the cache entry and renames it into place, so a concurrent
     * start (another test JVM) sees either nothing or the whole distribution.
     */
    private static void unpack(Path zip, Path cache, Path home) throws IOException {
        Path scratch = Files.createTempDirectory(cache, ".unpack-");
        try {
            try (FileSystem zipFs = FileSystems.newFileSystem(zip, Map.of("enablePosixFileAttributes", "true"))) {
                Path top = topDirectory(zipFs);
                copyTree(top, scratch.resolve("home"));
            }
            Files.setPosixFilePermissions(scratch.resolve("home"), DIRECTORY);
            try {
                Files.move(scratch.resolve("home"), home, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                if (!Files.isExecutable(home.resolve("bin/elasticsearch"))) {
                    throw e;
                }
                // another JVM finished first: its copy is as good as ours
            } catch (IOException e) {
                if (!Files.isExecutable(home.resolve("bin/elasticsearch"))) {
                    throw e;
                }
            }
        } finally {
            deleteTree(scratch);
        }
    }

    private static Path topDirectory(FileSystem zipFs) throws IOException {
        Path root = zipFs.getPath("/");
        try (Stream<Path> entries = Files.list(root)) {
            List<Path> dirs = entries.filter(Files::isDirectory).toList();
            if (dirs.size() != 1) {
                throw new IOException("unexpected layout of the Elasticsearch zip: " + dirs);
            }
            return dirs.get(0);
        }
    }

    /** Keeps the executable bits from the zip; everything else becomes world-readable (see class comment). */
    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> entries = Files.walk(source)) {
            for (Path entry : entries.toList()) {
                Path to = target.resolve(source.relativize(entry).toString());
                if (Files.isDirectory(entry)) {
                    Files.createDirectories(to);
                    Files.setPosixFilePermissions(to, DIRECTORY);
                } else {
                    try (InputStream in = Files.newInputStream(entry)) {
                        Files.copy(in, to);
                    }
                    boolean executable = source.relativize(entry).toString().startsWith("bin/")
                            || Files.getPosixFilePermissions(entry).contains(PosixFilePermission.OWNER_EXECUTE);
                    Files.setPosixFilePermissions(to, executable ? EXECUTABLE : FILE);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String setting(String property, String variable) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(variable);
        }
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Properties recorded() {
        Properties p = new Properties();
        try (InputStream in = ElasticsearchDistribution.class.getResourceAsStream("distribution.properties")) {
            if (in == null) {
                throw new IllegalStateException("distribution.properties is missing from weave-local-elasticsearch");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
