package dev.weave.distribution;

import dev.weave.local.LocalPostgres;
import dev.weave.local.elasticsearch.LocalElasticsearch;
import dev.weave.local.neo4j.LocalNeo4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The local stores of {@code weave dev}, started side by side (they take a few seconds each), and the
 * environment that points Weave at them: the same variables a user would set for real servers.
 */
final class DevStores implements AutoCloseable {

    /** The stores {@code weave dev} can start. */
    enum Kind {
        POSTGRES, NEO4J, ELASTICSEARCH
    }

    private final List<DevStore> stores;

    private DevStores(List<DevStore> stores) {
        this.stores = stores;
    }

    /** Throw-away stores: empty servers on free ports, deleted on close. */
    static DevStores temporary(Set<Kind> kinds) throws IOException {
        return start(kinds, kind -> switch (kind) {
            case POSTGRES -> new DevPostgres(LocalPostgres.startTemporary());
            case NEO4J -> new DevNeo4j(LocalNeo4j.startTemporary());
            case ELASTICSEARCH -> new DevElasticsearch(LocalElasticsearch.startTemporary());
        });
    }

    /** Stores that keep their data between runs, on fixed ports. */
    static DevStores persistent(Set<Kind> kinds, Path directory, int postgresPort, int neo4jPort, int elasticsearchPort)
            throws IOException {
        return start(kinds, kind -> switch (kind) {
            case POSTGRES -> new DevPostgres(LocalPostgres.start(directory.resolve("postgres"), postgresPort));
            case NEO4J -> new DevNeo4j(LocalNeo4j.start(directory.resolve("neo4j"), neo4jPort));
            case ELASTICSEARCH -> new DevElasticsearch(LocalElasticsearch.start(nodeReadable(directory), elasticsearchPort));
        });
    }

    /** What a migrations tree needs: PostgreSQL for database folders, the others for their fixed folders. */
    static Set<Kind> neededBy(Path location) throws IOException {
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        if (Files.isDirectory(location.resolve("elasticsearch/scripts"))) {
            kinds.add(Kind.ELASTICSEARCH);
        }
        if (Files.isDirectory(location.resolve("neo4j/cypher"))) {
            kinds.add(Kind.NEO4J);
        }
        if (Files.isDirectory(location)) {
            try (var folders = Files.list(location)) {
                if (folders.filter(Files::isDirectory).map(f -> f.getFileName().toString())
                        .anyMatch(n -> !n.equals("elasticsearch") && !n.equals("neo4j") && !n.startsWith("."))) {
                    kinds.add(Kind.POSTGRES);
                }
            }
        }
        return kinds;
    }

    private interface Starter {
        DevStore start(Kind kind) throws IOException;
    }

    private static DevStores start(Set<Kind> kinds, Starter starter) throws IOException {
        Map<Kind, CompletableFuture<DevStore>> starting = new LinkedHashMap<>();
        for (Kind kind : kinds) {
            starting.put(kind, CompletableFuture.supplyAsync(() -> {
                try {
                    return starter.start(kind);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
        }
        List<DevStore> started = new ArrayList<>();
        RuntimeException failure = null;
        for (CompletableFuture<DevStore> f : starting.values()) {
            try {
                started.add(f.join());
            } catch (CompletionException e) {
                failure = failure == null ? new IllegalStateException("a local store did not start: "
                        + e.getCause().getMessage(), e.getCause()) : failure;
            }
        }
        if (failure != null) {
            started.forEach(DevStore::close);
            throw failure;
        }
        return new DevStores(started);
    }

    /**
     * Elasticsearch runs as an unprivileged user when started as root, which cannot enter root's home;
     * its data then lives under the system temp folder, one folder per project.
     */
    private static Path nodeReadable(Path directory) {
        String project = UUID.nameUUIDFromBytes(directory.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8))
                .toString().substring(0, 8);
        return Path.of(System.getProperty("java.io.tmpdir"), "weave-dev-" + project, "elasticsearch");
    }

    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        stores.forEach(s -> env.putAll(s.environment()));
        return env;
    }

    void prepare(Path location) throws IOException {
        for (DevStore store : stores) {
            store.prepare(location);
        }
    }

    List<String> describe() {
        return stores.stream().map(DevStore::describe).toList();
    }

    @Override
    public void close() {
        stores.forEach(DevStore::close);
    }
}
