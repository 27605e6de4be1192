package dev.weave.cli;

import dev.weave.config.StoreAdapters;
import dev.weave.spi.SettingSpec;
import dev.weave.spi.StoreAdapter;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The connection flags ({@code --host}, {@code --port}, {@code --user}, {@code --password}, {@code --database}):
 * one per setting that some store adapter offers as a flag ({@link SettingSpec#flag()}), added to every command
 * that takes {@link TargetOptions} when the command line is built. The CLI names no setting itself; a flag
 * is the same as {@code --set name=value}, and its help says which stores read it.
 */
final class StoreFlags {

    /** Marks the options this class made, so their values can be found again without a list of names. */
    private static final Object MARK = new Object();

    private StoreFlags() {
    }

    /** Adds the flags to {@code command} and to each of its subcommands (deep) that takes the target options. */
    static void addTo(CommandLine command, StoreAdapters adapters) {
        if (takesTargetOptions(command.getCommandSpec())) {
            declared(adapters).forEach((name, flag) -> command.getCommandSpec().addOption(OptionSpec.builder("--" + name)
                    .paramLabel(name.toUpperCase(java.util.Locale.ROOT))
                    .type(flag.number ? Integer.class : String.class) // a number: picocli refuses "seven" naming the flag
                    .description(flag.description(name))
                    .userObject(MARK)
                    .build()));
        }
        command.getSubcommands().values().forEach(sub -> addTo(sub, adapters));
    }

    /** The store flags given on this command line, as settings: name → value. */
    static Map<String, String> given(CommandSpec spec) {
        Map<String, String> given = new LinkedHashMap<>();
        for (OptionSpec option : spec.options()) {
            if (option.userObject() == MARK && option.getValue() != null) {
                given.put(option.longestName().substring(2), String.valueOf((Object) option.getValue()));
            }
        }
        return given;
    }

    /** Which of the given flags are secrets (masked wherever Weave prints), by any store's declaration. */
    static List<String> secretValues(CommandSpec spec, StoreAdapters adapters) {
        Map<String, Flag> declared = declared(adapters);
        List<String> secrets = new ArrayList<>();
        given(spec).forEach((name, value) -> {
            if (declared.containsKey(name) && declared.get(name).secret) {
                secrets.add(value);
            }
        });
        return secrets;
    }

    private static boolean takesTargetOptions(CommandSpec spec) {
        return spec.mixins().values().stream().anyMatch(m -> m.userObject() instanceof TargetOptions);
    }

    /** Flag name → which stores read it, in the adapters' declaration order. */
    private static Map<String, Flag> declared(StoreAdapters adapters) {
        Map<String, Flag> flags = new LinkedHashMap<>();
        for (StoreAdapter adapter : adapters.all()) {
            for (SettingSpec spec : adapter.settings()) {
                if (spec.flag()) {
                    flags.computeIfAbsent(spec.name(), n -> new Flag()).add(adapter.storeType(), spec);
                }
            }
        }
        return flags;
    }

    private static final class Flag {
        final List<String> stores = new ArrayList<>();
        boolean secret;
        /** Every store declares it a number. */
        boolean number = true;

        void add(String store, SettingSpec spec) {
            stores.add(store);
            secret |= spec.secret();
            number &= spec.kind() == SettingSpec.Kind.NUMBER;
        }

        String[] description(String name) {
            String text = "The " + name + " setting (as --set " + name + "=…) of " + String.join(", ", stores)
                    + " targets; weave db settings describes it." + (secret
                    ? " Prefer the environment: it stays out of the process list." : "");
            return new String[] {text};
        }
    }
}
