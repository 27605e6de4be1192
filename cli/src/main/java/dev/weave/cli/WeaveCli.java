package dev.weave.cli;

import dev.weave.core.Weave;
import dev.weave.error.ExitCode;
import dev.weave.error.WeaveException;
import dev.weave.spi.StoreAdapter;
import picocli.CommandLine.Command;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.util.List;
import java.util.ServiceLoader;

/** The {@code weave} command line. Runs in-process for tests through {@link #run(CliContext, String...)}. */
@Command(name = "weave", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = "Migrates PostgreSQL, Neo4j and Elasticsearch from versioned files.%n"
                + "Exit codes: 0 ok, 1 a migration failed, 2 usage or configuration error, 3 validation found problems,"
                + " 4 a store could not be reached, 5 lock not acquired in time, 6 the schemas differ (weave db diff).",
        subcommands = {DbCommand.class})
public final class WeaveCli {

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // asked before anything else is loaded: the stores' adapters and the command tree cost most of a start
            System.out.println(new VersionInfo().getVersion()[0]);
            System.exit(0);
        }
        System.exit(run(CliContext.system(), args));
    }

    public static int run(CliContext ctx, String... args) {
        CommandLine cli = new CommandLine(new WeaveCli(), new Factory(ctx));
        CommandLine db = cli.getSubcommands().get("db");
        List<StoreAdapter> adapters = Weave.installedStores();
        StoreFilter.addFlags(db.getSubcommands().get("migrate-all"), adapters);
        StoreFilter.addFlags(db.getSubcommands().get("validate-all"), adapters);
        for (StoreAdapter adapter : adapters) {
            db.addSubcommand("migrate-" + adapter.storeType(), StoreFamilyCommand.commandLine(ctx, adapter.storeType()));
        }
        for (CliExtension extension : ServiceLoader.load(CliExtension.class)) {
            cli.addSubcommand(extension.command(ctx));
        }
        StoreFlags.addTo(cli, adapters);
        cli.addSubcommand(new CommandLine(new CompletionCommand(ctx, cli)));
        cli.setOut(new PrintWriter(ctx.out(), true));
        cli.setErr(new PrintWriter(ctx.err(), true));
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> handle(ctx, e, commandLine));
        return cli.execute(args);
    }

    private static int handle(CliContext ctx, Exception e, CommandLine commandLine) {
        boolean json = commandLine.getCommand() instanceof JsonOutput j && j.json();
        Output out = new Output(ctx, json);
        int code;
        String kind;
        String message;
        if (e instanceof WeaveException w) {
            code = w.exitCode();
            kind = w.kind().name();
            message = w.getMessage();
        } else if (e instanceof UncheckedIOException io) {
            code = ExitCode.USAGE_OR_CONFIGURATION.code();
            kind = ExitCode.USAGE_OR_CONFIGURATION.name();
            message = io.getMessage();
        } else {
            // a bug of ours, not a user mistake: say so, with the stack trace only when asked for
            code = ExitCode.MIGRATION_FAILED.code();
            kind = "INTERNAL_ERROR";
            message = "internal error: " + e + (ctx.environment().containsKey("WEAVE_DEBUG") ? "" : " (set WEAVE_DEBUG=1 for the stack trace)");
            if (ctx.environment().containsKey("WEAVE_DEBUG")) {
                e.printStackTrace(ctx.err());
            }
        }
        if (json) {
            out.jsonError(code, kind, message);
        }
        out.error(out.red("error: ") + message);
        return code;
    }

    /** Builds commands, handing the {@link CliContext} to those whose constructor takes one. */
    private record Factory(CliContext ctx) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                Constructor<K> withContext = type.getDeclaredConstructor(CliContext.class);
                withContext.setAccessible(true);
                return withContext.newInstance(ctx);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}
