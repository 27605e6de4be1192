package dev.weave.distribution;

import dev.weave.cli.CliContext;
import dev.weave.cli.CliExtension;
import picocli.CommandLine.Command;

/**
 * {@code weave dev}: real local stores for trying Weave without Docker or an existing server.
 */
@Command(name = "dev", mixinStandardHelpOptions = true, description = "Start local real stores (no Docker) to try Weave on.",
        subcommands = {DevUpCommand.class, DevDownCommand.class, QuickstartCommand.class})
public final class DevCommand implements CliExtension {

    @Override
    public Object command(CliContext context) {
        return new picocli.CommandLine(new DevCommand(), new ContextFactory(context));
    }

    /** Hands the CLI context to the dev sub-commands. */
    record ContextFactory(CliContext ctx) implements picocli.CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                var constructor = type.getDeclaredConstructor(CliContext.class);
                constructor.setAccessible(true);
                return constructor.newInstance(ctx);
            } catch (NoSuchMethodException e) {
                return picocli.CommandLine.defaultFactory().create(type);
            }
        }
    }
}
