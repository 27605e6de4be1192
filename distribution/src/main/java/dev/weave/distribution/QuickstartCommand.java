package dev.weave.distribution;

import dev.weave.cli.CliContext;
import dev.weave.cli.WeaveCli;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The quick start: starts throw-away local stores, migrates every target of a migrations tree into
 * them with the ordinary {@code weave db} commands, runs migrate again to show it is up to date, prints
 * {@code info}, and stops the stores.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true, description = "Start throw-away local stores, migrate a migrations tree into them, show the result, stop.")
final class QuickstartCommand implements Callable<Integer> {

    @Option(names = "--location", paramLabel = "DIR", description = "The migrations root (default: migrations).")
    Path location = Path.of("migrations");

    private final CliContext ctx;

    QuickstartCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws IOException {
        Path root = ctx.workingDirectory().resolve(location).normalize();
        ctx.out().println("Starting local stores (no Docker) ...");
        try (DevStores stores = DevStores.temporary()) {
            ctx.out().println("  " + stores.describe());
            List<String> databases = stores.createDatabases(root);
            if (databases.isEmpty()) {
                ctx.err().println("error: no PostgreSQL database folders (<name>/*.sql) under " + root);
                return 2;
            }
            Map<String, String> env = new HashMap<>(ctx.environment());
            env.putAll(stores.environment());
            CliContext inner = new CliContext(ctx.out(), ctx.err(), env, ctx.workingDirectory(), false);
            int worst = 0;
            for (String pass : List.of("first run", "second run (nothing left to do)")) {
                ctx.out().println();
                ctx.out().println("== weave db migrate-all, " + pass);
                worst = Math.max(worst, WeaveCli.run(inner, "db", "migrate-all", "--location", root.toString()));
            }
            for (String database : databases) {
                ctx.out().println();
                ctx.out().println("== weave db info " + database);
                worst = Math.max(worst, WeaveCli.run(inner, "db", "info", database, "--location", root.toString()));
            }
            ctx.out().println();
            ctx.out().println(worst == 0 ? "Quick start done; stopping the local stores."
                    : "Quick start finished with errors (exit " + worst + "); stopping the local stores.");
            return worst;
        }
    }
}
