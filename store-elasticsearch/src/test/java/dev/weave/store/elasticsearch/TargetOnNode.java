package dev.weave.store.elasticsearch;

import dev.weave.api.TargetConfig;
import dev.weave.api.WeaveConfig;
import dev.weave.core.Weave;
import dev.weave.local.elasticsearch.ElasticsearchServer;
import dev.weave.local.elasticsearch.SharedElasticsearch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A fresh target on the shared node for the store's own tests: its own index prefix, a folder of
 * migration files, and Weave configured for it (placeholder {@code ${p}} is the prefix).
 */
final class TargetOnNode {

    private static final AtomicInteger COUNT = new AtomicInteger();

    final ElasticsearchServer server = SharedElasticsearch.get();
    final NodeClient node = new NodeClient(server);
    final String name;
    final String prefix;
    final Path folder;
    private final Map<String, String> extraSettings = new HashMap<>();

    TargetOnNode(String testName, Path folder) {
        this.name = "s" + COUNT.incrementAndGet() + "_" + testName.toLowerCase().replaceAll("[^a-z0-9]", "");
        this.prefix = name + "_";
        this.folder = folder;
        node.deleteIndicesStartingWith(prefix);
    }

    TargetOnNode set(String key, String value) {
        extraSettings.put(key, value);
        return this;
    }

    Map<String, String> settings() {
        Map<String, String> s = new HashMap<>(Map.of("host", server.host(), "port", String.valueOf(server.port()),
                "indexPrefix", prefix));
        s.putAll(extraSettings);
        return s;
    }

    String ledgerIndex() {
        return prefix + "weave_schema_history";
    }

    String lockIndex() {
        return prefix + "weave_schema_history_lock";
    }

    Weave weave() {
        return weave(b -> { });
    }

    Weave weave(Consumer<WeaveConfig.Builder> tweak) {
        WeaveConfig.Builder b = WeaveConfig.builder()
                .environment(Collections.emptyMap())
                .location(folder)
                .lockTimeout(Duration.ofSeconds(30))
                .placeholder("p", prefix)
                .target(new TargetConfig(name, "elasticsearch", folder, settings(), false));
        tweak.accept(b);
        return Weave.create(b.build());
    }

    Path write(String fileName, String text) {
        try {
            Path file = folder.resolve(fileName);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean exists(String path) {
        return node.status("HEAD", path) == 200;
    }
}
