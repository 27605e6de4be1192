package dev.weave.store.neo4j;

import dev.weave.api.TargetConfig;
import dev.weave.api.WeaveConfig;
import dev.weave.core.Weave;
import dev.weave.spi.StoreConnection;
import dev.weave.spi.TargetSettings;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.Values;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The reset graph of the shared server as a target named {@code neo4j}, with its migrations folder, for store tests. */
final class GraphTarget {

    static final String NAME = "neo4j";

    final Neo4jFixture fixture = Neo4jFixture.NODES;
    final Path folder;
    private final Map<String, String> settings;

    GraphTarget(Path folder, Map<String, String> extraSettings) {
        this.folder = folder;
        fixture.freshTarget(NAME);
        Map<String, String> s = new HashMap<>(fixture.settings());
        s.putAll(extraSettings);
        this.settings = Map.copyOf(s);
    }

    GraphTarget(Path folder) {
        this(folder, Map.of());
    }

    Map<String, String> settings() {
        return settings;
    }

    void write(String fileName, String text) {
        try {
            Files.writeString(folder.resolve(fileName), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Weave weave() {
        return weave(b -> { });
    }

    Weave weave(Consumer<WeaveConfig.Builder> tweak) {
        WeaveConfig.Builder b = WeaveConfig.builder().environment(Map.of()).location(folder)
                .lockTimeout(Duration.ofSeconds(30))
                .target(new TargetConfig(NAME, "neo4j", folder, settings, false));
        tweak.accept(b);
        return Weave.create(b.build());
    }

    /** A connection through the adapter, as the engine opens one. */
    StoreConnection connect() {
        return new Neo4jStore().connect(new TargetSettings(NAME, "neo4j", settings, Duration.ZERO));
    }

    List<Record> query(String cypher, Object... keysAndValues) {
        try (Session session = fixture.driver().session()) {
            return session.run(cypher, Values.parameters(keysAndValues)).list();
        }
    }

    long count(String cypher, Object... keysAndValues) {
        return query(cypher, keysAndValues).get(0).get(0).asLong();
    }

    List<String> constraintNames() {
        return query("SHOW CONSTRAINTS YIELD name RETURN name ORDER BY name").stream().map(r -> r.get(0).asString()).toList();
    }
}
