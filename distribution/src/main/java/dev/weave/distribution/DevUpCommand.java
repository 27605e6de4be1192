package dev.weave.distribution;

import dev.weave.cli.CliContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
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

    @Option(names = "--location", paramLabel = "DIR", description = "Create a database for each folder of this migrations root (default: .weave/migrations).")
    Path location = Path.of(".weave", "migrations");

    private final CliContext ctx;

    DevUpCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path home = ctx.workingDirectory().resolve(dir);
        Files.createDirectories(home);
        DevStores stores = DevStores.persistent(java.util.EnumSet.allOf(DevStores.Kind.class), home, postgresPort,
                neo4jPort, elasticsearchPort);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stores.close();
            stopped.countDown();
        }, "weave-dev-down"));
        stores.prepare(ctx.workingDirectory().resolve(location));
        Path env = home.resolve("env");
        writePrivate(env, exports(stores.environment()));
        writePrivate(home.resolve("dev.pid"), ProcessHandle.current().pid() + "\n");
        ctx.out().println("Local stores are up:");
        stores.describe().forEach(d -> ctx.out().println("  " + d));
        ctx.out().println("Point weave at them with:  source " + ctx.workingDirectory().relativize(env));
        ctx.out().println("Stop with Ctrl-C or: weave dev down");
        ctx.out().flush();
        stopped.await();
        return 0;
    }

    private static String exports(Map<String, String> env) {
        StringBuilder sb = new StringBuilder();
        env.forEach((k, v) -> sb.append("export ").append(k).append("='").append(v.replace("'", "'\\''")).append("'\n"));
        return sb.toString();
    }

    private static void writePrivate(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, text);
    }
}
