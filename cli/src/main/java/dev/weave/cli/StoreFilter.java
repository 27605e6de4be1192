package dev.weave.cli;

import dev.weave.spi.StoreAdapter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code --no-include-<store>} flags of the multi-target commands, one per store adapter on the
 * class path: added when the command line is built, so the CLI names no store itself.
 */
final class StoreFilter {

    private static final String PREFIX = "--no-include-";

    private StoreFilter() {
    }

    static void addFlags(CommandLine command, List<StoreAdapter> adapters) {
        for (StoreAdapter adapter : adapters) {
            command.getCommandSpec().addOption(OptionSpec.builder(PREFIX + adapter.storeType())
                    .type(boolean.class)
                    .description("Leave the " + adapter.storeType() + " targets out.")
                    .build());
        }
    }

    static Set<String> excluded(CommandSpec spec) {
        Set<String> out = new HashSet<>();
        for (OptionSpec option : spec.options()) {
            if (option.longestName().startsWith(PREFIX) && Boolean.TRUE.equals(option.getValue())) {
                out.add(option.longestName().substring(PREFIX.length()));
            }
        }
        return out;
    }
}
