package dev.weave.cli;

import dev.weave.core.Weave;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** A {@code weave db} command that works on one target, named by its first parameter. */
abstract class TargetCommand implements Callable<Integer>, JsonOutput {

    @Parameters(index = "0", paramLabel = "TARGET", description = "The target: a database folder under the migrations location, or a name from weave.yaml.")
    String target;

    @Mixin
    TargetOptions options;

    protected final CliContext ctx;

    TargetCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    public boolean json() {
        return options != null && options.json;
    }

    @Override
    public final Integer call() {
        Output out = new Output(ctx, options.json);
        // every command on a target may wait for its server (--wait) and says so while it does
        Weave weave = options.weave(ctx).withListener(MigrateCommand.progress(out));
        weave.requireOverridesReadBy(target); // every flag of a one-target command is meant for that target
        return run(weave, out);
    }

    /** @return the exit code */
    abstract int run(Weave weave, Output out);
}
