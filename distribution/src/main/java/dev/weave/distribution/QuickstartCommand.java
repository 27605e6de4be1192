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
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The quick start: starts throw-away local stores for what a migrations tree needs, runs
 * {@code weave db migrate-all} on it twice (the second run finds nothing to do), prints {@code info}
 * for every target, and stops the stores.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true, description = "Start throw-away local stores, migrate a migrations tree into them with migrate-all, show the result, stop.")
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
        Set<DevStores.Kind> kinds = DevStores.neededBy(root);
        if (kinds.isEmpty()) {
            ctx.err().println("error: no migrations under " + root + " (expected <database>/*.sql, neo4j/cypher/ or elasticsearch/scripts/)");
            return 2;
        }
        ctx.out().println("Starting local stores (no Docker) ...");
        try (DevStores stores = DevStores.temporary(kinds)) {
            stores.describe().forEach(d -> ctx.out().println("  " + d));
            stores.prepare(root);
            Map<String, String> env = new HashMap<>(ctx.environment());
            env.putAll(stores.environment());
            CliContext inner = new CliContext(ctx.out(), ctx.err(), env, ctx.workingDirectory(), false);
            int worst = 0;
            for (String pass : List.of("first run", "second run (nothing left to do)")) {
                ctx.out().println();
                ctx.out().println("== weave db migrate-all, " + pass);
                worst = Math.max(worst, WeaveCli.run(inner, "db", "migrate-all", "--location", root.toString()));
            }
            ctx.out().println();
            ctx.out().println("== weave db validate-all");
            worst = Math.max(worst, WeaveCli.run(inner, "db", "validate-all", "--location", root.toString()));
            ctx.out().println();
            ctx.out().println(worst == 0 ? "Quick start done; stopping the local stores."
                    : "Quick start finished with errors (exit " + worst + "); stopping the local stores.");
            return worst;
        }
    }
}
