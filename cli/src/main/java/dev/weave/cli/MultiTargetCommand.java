package dev.weave.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** A {@code weave db *-all} command: every target, less {@code --no-include-<store>}, or {@code --only} some. */
abstract class MultiTargetCommand implements Callable<Integer>, JsonOutput {

    @Option(names = "--only", paramLabel = "TARGET", split = ",", description = "Only these targets (repeat or comma-separate; a fan-out name picks its whole group).")
    List<String> only = new ArrayList<>();

    @Mixin
    TargetOptions options;

    @Spec
    CommandSpec spec;

    protected final CliContext ctx;

    MultiTargetCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public boolean json() {
        return options != null && options.json;
    }

    Set<String> only() {
        return new LinkedHashSet<>(only);
    }

    /** The store types left out with {@code --no-include-<store>}. */
    Set<String> excludedStores() {
        return StoreFilter.excluded(spec);
    }
}
