package dev.weave.spring.boot;

import dev.weave.error.ConfigurationException;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternUtils;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Turns {@code weave.location} into the folder Weave reads. Weave reads folders, so a class path location that is
 * not a folder on disk (migrations packaged in the application's jar) is copied out to a temporary folder first,
 * removed again when the JVM exits.
 */
final class MigrationsLocation {

    static final String DEFAULT = "classpath:db/weave";

    private MigrationsLocation() {
    }

    static Path resolve(String location, ResourceLoader loader) {
        if (!location.startsWith(ResourceLoader.CLASSPATH_URL_PREFIX)) {
            return Path.of(location.startsWith("file:") ? location.substring("file:".length()) : location).toAbsolutePath();
        }
        String base = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
        Resource root = loader.getResource(base + "/");
        if (!root.exists()) {
            throw new ConfigurationException("weave.location " + location + ": nothing is on the class path there; put the"
                    + " migrations under src/main/resources/" + base.substring(ResourceLoader.CLASSPATH_URL_PREFIX.length())
                    + " (a folder per database, neo4j/cypher, elasticsearch/scripts) or set weave.location");
        }
        try {
            if (root.isFile()) {
                return root.getFile().toPath();
            }
            return copyOut(base, root, ResourcePatternUtils.getResourcePatternResolver(loader));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the migrations at " + location, e);
        }
    }

    private static Path copyOut(String base, Resource root, ResourcePatternResolver resolver) throws IOException {
        String rootUrl = root.getURL().toString();
        Path folder = Files.createTempDirectory("weave-migrations");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(folder), "weave-migrations-cleanup"));
        for (Resource resource : resolver.getResources(base + "/**")) {
            String url = resource.getURL().toString();
            if (!resource.isReadable() || url.endsWith("/") || !url.startsWith(rootUrl)) {
                continue; // a folder entry
            }
            Path file = folder.resolve(url.substring(rootUrl.length())).normalize();
            if (!file.startsWith(folder)) {
                continue;
            }
            Files.createDirectories(file.getParent());
            try (InputStream in = resource.getInputStream()) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return folder;
    }

    private static void delete(Path folder) {
        try (Stream<Path> all = Files.walk(folder)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder: the system cleans it eventually
        }
    }
}
