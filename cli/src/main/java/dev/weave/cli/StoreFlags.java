package dev.weave.cli;

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


    private StoreFlags() {
    }

    /** Adds the flags to {@code command} and to each of its subcommands (deep) that takes the target options. */
    static void addTo(CommandLine command, List<StoreAdapter> adapters) {
        addTo(command, declared(adapters));
    }

    private static void addTo(CommandLine command, Map<String, Flag> flags) {
        if (takesTargetOptions(command.getCommandSpec())) {
            flags.forEach((name, flag) -> command.getCommandSpec().addOption(OptionSpec.builder("--" + name)
                    .paramLabel(name.toUpperCase(java.util.Locale.ROOT))
                    .type(flag.number ? Integer.class : String.class) // a number: picocli refuses "seven" naming the flag
                    .description(flag.description(name))
                    .userObject(flag) // marks the options made here, and says whether the value is a secret
                    .build()));
        }
        command.getSubcommands().values().forEach(sub -> addTo(sub, flags));
    }

    /** The store flags given on this command line, as settings: name → value. */
    static Map<String, String> given(CommandSpec spec) {
        Map<String, String> given = new LinkedHashMap<>();
        for (OptionSpec option : spec.options()) {
            if (option.userObject() instanceof Flag && option.getValue() != null) {
                given.put(option.longestName().substring(2), String.valueOf((Object) option.getValue()));
            }
        }
        return given;
    }

    /** The values of the given flags that are secrets (masked wherever Weave prints), by any store's declaration. */
    static List<String> secretValues(CommandSpec spec) {
        List<String> secrets = new ArrayList<>();
        for (OptionSpec option : spec.options()) {
            if (option.userObject() instanceof Flag flag && flag.secret && option.getValue() != null) {
                secrets.add(String.valueOf((Object) option.getValue()));
            }
        }
        return secrets;
    }

    private static boolean takesTargetOptions(CommandSpec spec) {
        return spec.mixins().values().stream().anyMatch(m -> m.userObject() instanceof TargetOptions);
    }

    /** Flag name → which stores read it, in the adapters' declaration order. */
    private static Map<String, Flag> declared(List<StoreAdapter> adapters) {
        Map<String, Flag> flags = new LinkedHashMap<>();
        for (StoreAdapter adapter : adapters) {
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
