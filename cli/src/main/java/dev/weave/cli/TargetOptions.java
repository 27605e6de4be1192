package dev.weave.cli;

import dev.weave.api.WeaveConfig;
import dev.weave.core.Weave;
import dev.weave.core.WorkingDirectory;
import dev.weave.error.ConfigurationException;
import dev.weave.spi.Durations;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options every {@code weave db} command shares: where the migrations are, how to connect, and how
 * to print. Flags beat weave.yaml, which beats the environment.
 */
final class TargetOptions {

    @Option(names = "--location", paramLabel = "DIR", description = "Migrations root of the default layout (default: .weave/migrations, or weave.yaml's location).")
    Path location;

    @Option(names = "--schema-location", paramLabel = "DIR", description = "Folder of declared schemas for create --auto and diff --desired (default: schema beside the migrations root, .weave/schema).")
    Path schemaLocation;

    @Option(names = "--config", paramLabel = "FILE", description = "weave.yaml to read (default: weave.yaml in the working directory, if present).")
    Path configFile;

    /** The command this is part of: where {@link StoreFlags} put --host, --port, … */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any other store setting, e.g. --set schema=app; weave db settings lists them (an unknown key is an error).")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--placeholder", paramLabel = "NAME=VALUE", description = "A value for $${NAME} in scripts.")
    Map<String, String> placeholders = new LinkedHashMap<>();

    @Option(names = "--wait", paramLabel = "DURATION", description = "Wait up to this long for a store that is still starting, e.g. 60s (default: 0, one attempt).")
    String connectWait;

    @Option(names = "--lock-timeout", paramLabel = "DURATION", description = "Give up when another runner holds the lock longer than this (default: 2m).")
    String lockTimeout;

    @Option(names = "--installed-by", description = "Name recorded in the ledger (default: the store user).")
    String installedBy;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--json", description = "Print the result as JSON on stdout.")
    boolean json;

    @Option(names = "--log-format", paramLabel = "FORMAT", description = "text (default) or json: one JSON event per migration"
            + " on stderr (event, target, store, version, script, description, outcome, millis, message), for CI log collectors.")
    String logFormat = "text";

    Weave weave(CliContext ctx) {
        ctx.mask(new dev.weave.api.SecretMask(StoreFlags.secretValues(command)));
        if (!logFormat.equals("text") && !logFormat.equals("json")) {
            throw new ConfigurationException("--log-format " + logFormat + ": use text or json");
        }
        ctx.jsonLog(logFormat.equals("json"));
        Map<String, String> env = ctx.environment();
        WeaveConfig.Builder builder = WorkingDirectory.configuration(ctx.workingDirectory(),
                configFile, "--config", env);
        if (location != null) {
            builder.location(ctx.workingDirectory().resolve(location));
        }
        if (schemaLocation != null) {
            builder.schemaLocation(ctx.workingDirectory().resolve(schemaLocation));
        }
        StoreFlags.given(command).forEach(builder::override); // --host … are settings too, declared by the stores
        settings.forEach(builder::override);
        placeholders.forEach(builder::placeholder);
        if (connectWait != null) {
            builder.connectWait(Durations.parse(connectWait, "--wait"));
        }
        if (lockTimeout != null) {
            builder.lockTimeout(Durations.parse(lockTimeout, "--lock-timeout"));
        }
        if (installedBy != null) {
            builder.installedBy(installedBy);
        }
        Weave weave = Weave.create(builder.build());
        ctx.mask(weave.secretMask());
        return weave;
    }
}
