package dev.weave.cli;

import dev.weave.core.Weave;
import dev.weave.error.ConfigurationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code weave db migrate-<store> <action>}: one action on every target of one store type, e.g.
 * {@code weave db migrate-neo4j migrate}. One such command exists per store adapter on the class path;
 * each action is the ordinary {@code weave db <action> <target>} command of the same command line, run for
 * each target in turn.
 */
@Command(description = "Run migrate, info, validate, clean, repair, current, history, baseline or undo on every target of this store type.")
final class StoreFamilyCommand implements Callable<Integer> {

    static final Set<String> ACTIONS = Set.of("migrate", "info", "validate", "clean", "repair", "current",
            "history", "baseline", "undo");

    @Parameters(index = "0", paramLabel = "ACTION", description = "migrate, info, validate, clean, repair, current, history, baseline or undo.")
    String action;

    @Option(names = "--only", paramLabel = "TARGET", description = "Only this target of the store type.")
    String only;

    @Mixin
    TargetOptions options;

    @Unmatched
    List<String> actionOptions = new ArrayList<>();

    @Spec
    CommandSpec spec;

    private final CliContext ctx;
    private final String storeType;

    StoreFamilyCommand(CliContext ctx, String storeType) {
        this.ctx = ctx;
        this.storeType = storeType;
    }

    static CommandLine commandLine(CliContext ctx, String storeType) {
        CommandLine cl = new CommandLine(new StoreFamilyCommand(ctx, storeType));
        cl.setUnmatchedOptionsArePositionalParams(false);
        return cl;
    }

    @Override
    public Integer call() {
        if (!ACTIONS.contains(action)) {
            throw new ConfigurationException("unknown action '" + action + "' for " + spec.name() + "; use one of "
                    + String.join(", ", ACTIONS.stream().sorted().toList()));
        }
        Weave weave = options.weave(ctx);
        List<String> targets = weave.targets().stream().filter(t -> weave.storeType(t).equals(storeType)).toList();
        if (only != null) {
            if (!targets.contains(only)) {
                throw new ConfigurationException("--only " + only + ": no " + storeType + " target of that name; "
                        + (targets.isEmpty() ? "there are none" : "known: " + String.join(", ", targets)));
            }
            targets = List.of(only);
        }
        if (targets.isEmpty()) {
            throw new ConfigurationException("no " + storeType + " targets found under " + weave.config().location()
                    + " or in weave.yaml");
        }
        List<String> forwarded = forwardedArguments();
        // the action's own command of this command line, run once per target: the same parsing, output and
        // exit codes as `weave db <action> <target>`, without building the command line again for each
        CommandLine actionLine = spec.parent().subcommands().get(action);
        int worst = 0;
        for (String target : targets) {
            List<String> args = new ArrayList<>(List.of(target));
            args.addAll(forwarded);
            worst = Math.max(worst, actionLine.execute(args.toArray(String[]::new)));
        }
        return worst;
    }

    /** Everything the user typed after this command's name, less the action and --only. */
    private List<String> forwardedArguments() {
        List<String> original = spec.commandLine().getParseResult().originalArgs();
        int start = original.indexOf(spec.name()) + 1;
        List<String> out = new ArrayList<>();
        boolean actionSkipped = false;
        for (int i = start; i < original.size(); i++) {
            String arg = original.get(i);
            if (arg.equals("--only")) {
                i++;
            } else if (!arg.startsWith("--only=")) {
                if (!actionSkipped && arg.equals(action)) {
                    actionSkipped = true;
                } else {
                    out.add(arg);
                }
            }
        }
        return out;
    }
}
