package dev.weave.cli;

import dev.weave.core.Weave;
import dev.weave.spi.SettingSpec;
import dev.weave.spi.StoreAdapter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * Lists each store's settings from the adapters' own declarations, the same ones every key is checked against.
 * {@code --markdown} prints the README's tables (a test keeps the README equal to it).
 */
@Command(name = "settings", description = {"List the settings each store reads (for --set, weave.yaml and the environment).",
        "An unknown key anywhere is an error naming the nearest valid one."})
final class SettingsCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "STORE", description = "Only this store type (as in weave.yaml stores:).")
    String store;

    @Option(names = "--markdown", description = "Print Markdown tables, as in the README.")
    boolean markdown;

    private final CliContext ctx;

    SettingsCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Output out = new Output(ctx, false);
        List<StoreAdapter> shown = store == null ? Weave.installedStores()
                : List.of(Weave.installedStore(store, "weave db settings"));
        for (StoreAdapter adapter : shown) {
            if (markdown) {
                out.line(markdown(adapter));
            } else {
                out.line(out.bold(adapter.storeType()));
                for (SettingSpec s : adapter.settings()) {
                    out.line(String.format("  %-14s %-9s %s%s%s", s.name(), s.kind().name().toLowerCase(java.util.Locale.ROOT),
                            s.description(), s.defaultValue().isEmpty() ? "" : " (default: " + s.defaultValue() + ")",
                            (s.environment() == null ? "" : " [" + s.environment() + "]") + (s.secret() ? " secret" : "")
                            + (s.flag() ? " flag --" + s.name() : "")));
                }
            }
        }
        return 0;
    }

    /** The README's settings table of one store. */
    static String markdown(StoreAdapter adapter) {
        StringBuilder sb = new StringBuilder("| `" + adapter.storeType() + "` setting | Default | Environment | What it is |\n")
                .append("| --- | --- | --- | --- |\n");
        for (SettingSpec s : adapter.settings()) {
            sb.append("| `").append(s.name()).append('`').append(s.secret() ? " (secret)" : "")
                    .append(s.flag() ? " (flag `--" + s.name() + "`)" : "")
                    .append(" | ").append(s.defaultValue().isEmpty() ? "" : s.defaultValue())
                    .append(" | ").append(s.environment() == null ? "" : "`" + s.environment() + "`")
                    .append(" | ").append(s.description()).append(" |\n");
        }
        return sb.toString().stripTrailing();
    }
}
