package dev.weave.distribution;

import dev.weave.cli.CliContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code weave dev up}: starts local stores that keep their data in {@code .weave-dev/}, writes the
 * environment that points Weave at them to {@code .weave-dev/env} (mode 600: it holds the password),
 * and runs until stopped with Ctrl-C or {@code weave dev down}.
 */
@Command(name = "up", mixinStandardHelpOptions = true, description = "Start local stores with data kept in .weave-dev/ and run until Ctrl-C or 'weave dev down'.")
final class DevUpCommand implements Callable<Integer> {

    @Option(names = "--dir", paramLabel = "DIR", description = "Where the stores keep their data (default: .weave-dev).")
    Path dir = Path.of(".weave-dev");

    @Option(names = "--postgres-port", description = "PostgreSQL port (default: 55432).")
    int postgresPort = 55432;

    @Option(names = "--neo4j-port", description = "Neo4j Bolt port (default: 57687).")
    int neo4jPort = 57687;

    @Option(names = "--elasticsearch-port", description = "Elasticsearch HTTP port (default: 59200).")
    int elasticsearchPort = 59200;

    @Option(names = "--stores", split = ",", paramLabel = "STORE",
            description = "Which stores to start: postgres, neo4j, elasticsearch (default: all three).")
    java.util.List<String> only = java.util.List.of();

    @Option(names = "--location", paramLabel = "DIR", description = "Create a database for each folder of this migrations root (default: .weave/migrations).")
    Path location = Path.of(".weave", "migrations");

    private final CliContext ctx;

    DevUpCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path home = ctx.workingDirectory().resolve(dir);
        Path env = home.resolve("env");
        Optional<DevProcess> running = DevProcess.running(home);
        if (running.isPresent()) {
            // a second 'dev up' (another terminal, a script run twice) is not a mistake: say where they are
            ctx.out().println("weave dev is already running (pid " + running.get().pid() + "):");
            running.get().stores().forEach(d -> ctx.out().println("  " + d));
            ctx.out().println("Point weave at them with:  source " + ctx.workingDirectory().relativize(env));
            ctx.out().println("Stop with: weave dev down");
            return 0;
        }
        java.util.Set<DevStores.Kind> kinds = kinds();
        requireFree(kinds);
        Files.createDirectories(home);
        DevStores stores = DevStores.persistent(kinds, home, postgresPort, neo4jPort, elasticsearchPort);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stores.close();
            DevProcess.forget(home);
            stopped.countDown();
        }, "weave-dev-down"));
        stores.prepare(ctx.workingDirectory().resolve(location));
        writePrivate(env, exports(stores.environment()));
        DevProcess.remember(home, stores.describe());
        ctx.out().println("Local stores are up:");
        stores.describe().forEach(d -> ctx.out().println("  " + d));
        ctx.out().println("Point weave at them with:  source " + ctx.workingDirectory().relativize(env));
        ctx.out().println("Stop with Ctrl-C or: weave dev down");
        ctx.out().flush();
        stopped.await();
        return 0;
    }

    private java.util.Set<DevStores.Kind> kinds() {
        java.util.Set<DevStores.Kind> kinds = java.util.EnumSet.noneOf(DevStores.Kind.class);
        for (String name : only) {
            try {
                kinds.add(DevStores.Kind.valueOf(name.trim().toUpperCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new dev.weave.error.ConfigurationException("--stores: unknown store '" + name
                        + "'; weave dev starts postgres, neo4j and elasticsearch");
            }
        }
        return kinds.isEmpty() ? java.util.EnumSet.allOf(DevStores.Kind.class) : kinds;
    }

    /**
     * A port taken by another program would otherwise surface as a store's start-up failure deep in its log;
     * name the port and the option that moves it instead.
     */
    private void requireFree(java.util.Set<DevStores.Kind> kinds) {
        for (DevStores.Kind kind : kinds) {
            int port = switch (kind) {
                case POSTGRES -> postgresPort;
                case NEO4J -> neo4jPort;
                case ELASTICSEARCH -> elasticsearchPort;
            };
            try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            } catch (IOException inUse) {
                String option = "--" + kind.name().toLowerCase(java.util.Locale.ROOT) + "-port";
                throw new dev.weave.error.ConfigurationException("port " + port + " for the local "
                        + kind.name().toLowerCase(java.util.Locale.ROOT) + " is already in use by another program"
                        + " (not a weave dev up of " + dir + "); stop it, or pick a free port with " + option + " N");
            }
        }
    }

    private static String exports(Map<String, String> env) {
        StringBuilder sb = new StringBuilder();
        env.forEach((k, v) -> sb.append("export ").append(k).append("='").append(v.replace("'", "'\\''")).append("'\n"));
        return sb.toString();
    }

    static void writePrivate(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, text);
    }
}
