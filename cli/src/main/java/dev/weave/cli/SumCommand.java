package dev.weave.cli;

import dev.weave.core.Weave;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "sum", description = "Write weave.sum, the checksums of every versioned migration, for 'validate-all --offline'.")
final class SumCommand implements Callable<Integer> {

    @Option(names = "--sum-file", paramLabel = "FILE", description = "Where to write (default: weave.sum in the working directory).")
    Path sumFile = Path.of("weave.sum");

    @Mixin
    TargetOptions options;

    private final CliContext ctx;

    SumCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Weave weave = options.weave(ctx);
        Path file = ctx.workingDirectory().resolve(sumFile);
        int count = weave.writeSum(file);
        new Output(ctx, false).line("wrote " + sumFile + ": " + count + " migration" + (count == 1 ? "" : "s") + "; commit it");
        return 0;
    }
}
