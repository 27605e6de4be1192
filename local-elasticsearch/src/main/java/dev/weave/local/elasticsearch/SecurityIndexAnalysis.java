package dev.weave.local.elasticsearch;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The distribution with a small analysis plugin installed, so that a node with security on can create its
 * security index and therefore API keys, native users and roles. That index's settings name the
 * {@code uax_url_email} tokenizer and the {@code pattern_capture}, {@code lowercase} and {@code unique} filters,
 * which come from the analysis-common module; the integ-test-zip leaves that module out and it is not on Maven
 * Central. The plugin (source in {@code security-analysis/SecurityIndexAnalysisPlugin.java.txt}) provides those
 * four names with the Lucene classes analysis-common wraps, and is compiled here against the distribution's own
 * jars, so Weave's build needs no Elasticsearch server artifact.
 *
 * <p>Made once beside the plain distribution in the cache: every file hard-linked to the plain copy (no
 * space, and a distribution is never written to), plus {@code plugins/weave-security-analysis/}; built in a
 * scratch directory and renamed into place, like the unpacking, so concurrent test JVMs see all or nothing.
 */
final class SecurityIndexAnalysis {

    static final String PLUGIN = "weave-security-analysis";
    private static final String CLASS = "dev.weave.local.elasticsearch.analysis.SecurityIndexAnalysisPlugin";
    private static final String SOURCE = "security-analysis/SecurityIndexAnalysisPlugin.java.txt";

    private SecurityIndexAnalysis() {
    }

    /** The distribution's home with the plugin in {@code plugins/}, made on first use. */
    static synchronized Path home() throws IOException {
        Path plain = ElasticsearchDistribution.home();
        Path home = plain.resolveSibling(plain.getFileName() + "-" + PLUGIN);
        if (Files.isRegularFile(descriptor(home))) {
            return home;
        }
        Path scratch = Files.createTempDirectory(plain.getParent(), ".plugin-");
        try {
            Path copy = scratch.resolve("home");
            linkTree(plain, copy);
            Path plugin = Files.createDirectories(copy.resolve("plugins").resolve(PLUGIN));
            Path classes = compile(plain.resolve("lib"), scratch);
            jar(classes, plugin.resolve(PLUGIN + ".jar"));
            Files.writeString(descriptor(copy), descriptorText(), StandardCharsets.UTF_8);
            for (Path p : List.of(plugin, plugin.resolve(PLUGIN + ".jar"), descriptor(copy))) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
            try {
                Files.move(copy, home, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                requireComplete(home, e);
            } catch (IOException e) {
                requireComplete(home, e); // another JVM may have renamed its copy into place first
            }
        } finally {
            ElasticsearchDistribution.deleteTree(scratch);
        }
        return home;
    }

    private static void requireComplete(Path home, IOException e) throws IOException {
        if (!Files.isRegularFile(descriptor(home))) {
            throw e;
        }
    }

    private static Path descriptor(Path home) {
        return home.resolve("plugins").resolve(PLUGIN).resolve("plugin-descriptor.properties");
    }

    /** Directories made anew (same modes), files hard-linked to the plain distribution's. */
    private static void linkTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(p));
                } else {
                    Files.createLink(target, p);
                }
            }
        }
    }

    private static Path compile(Path lib, Path scratch) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IOException("a node with security on needs a small analysis plugin compiled at start,"
                    + " and this Java (" + System.getProperty("java.home") + ") has no compiler; run the tests on a JDK");
        }
        Path source = scratch.resolve("SecurityIndexAnalysisPlugin.java");
        try (InputStream in = SecurityIndexAnalysis.class.getResourceAsStream(SOURCE)) {
            if (in == null) {
                throw new IOException(SOURCE + " is missing from weave-local-elasticsearch");
            }
            Files.copy(in, source);
        }
        Path classes = Files.createDirectories(scratch.resolve("classes"));
        String classpath;
        try (Stream<Path> jars = Files.list(lib)) {
            classpath = jars.filter(p -> p.toString().endsWith(".jar")).map(Path::toString)
                    .collect(Collectors.joining(java.io.File.pathSeparator));
        }
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, errors, errors, "-proc:none", "-nowarn", "--release", "17",
                "-classpath", classpath, "-d", classes.toString(), source.toString());
        if (status != 0) {
            throw new IOException("could not compile the security index's analysis plugin against " + lib + ":\n"
                    + errors.toString(StandardCharsets.UTF_8));
        }
        return classes;
    }

    private static void jar(Path classes, Path jar) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> all = Files.walk(classes)) {
            all.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
            for (Path file : files) {
                zip.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
    }

    private static String descriptorText() {
        return "description=uax_url_email, pattern_capture, lowercase and unique, for the security index\n"
                + "version=" + ElasticsearchDistribution.version() + "\n"
                + "name=" + PLUGIN + "\n"
                + "java.version=17\n"
                + "elasticsearch.version=" + ElasticsearchDistribution.version() + "\n"
                + "classname=" + CLASS + "\n";
    }
}
