package dev.weave.distribution;

import dev.weave.cli.CliContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code weave dev down}: stops the stores a {@code weave dev up} started, through that process. */
@Command(name = "down", mixinStandardHelpOptions = true, description = "Stop the local stores started by 'weave dev up'.")
final class DevDownCommand implements Callable<Integer> {

    @Option(names = "--dir", paramLabel = "DIR", description = "The directory given to 'weave dev up' (default: .weave-dev).")
    Path dir = Path.of(".weave-dev");

    private final CliContext ctx;

    DevDownCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws IOException {
        Path pidFile = ctx.workingDirectory().resolve(dir).resolve("dev.pid");
        if (!Files.isRegularFile(pidFile)) {
            ctx.out().println("no local stores are running (no " + pidFile + ")");
            return 0;
        }
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isPresent() && process.get().isAlive()) {
            // SIGTERM: 'dev up' stops its stores in its shutdown hook
            process.get().destroy();
            try {
                process.get().onExit().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                ctx.err().println("error: the 'weave dev up' process " + pid + " did not stop within 60 s");
                return 1;
            }
        }
        Files.deleteIfExists(pidFile);
        ctx.out().println("local stores stopped");
        return 0;
    }
}
