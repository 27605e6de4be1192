package dev.weave.cli;

import dev.weave.api.SecretMask;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a CLI run talks to: its output streams, environment and working directory. Passed in rather
 * than read from globals so the whole CLI can be driven in-process by tests.
 */
public final class CliContext {

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;
    private final Path workingDirectory;
    private final boolean terminal;
    private SecretMask mask = SecretMask.NONE;
    /** {@code --log-format json}: each migration as a JSON event on stderr instead of a progress line. */
    private volatile boolean jsonLog;

    public CliContext(PrintStream out, PrintStream err, Map<String, String> environment, Path workingDirectory,
                      boolean terminal) {
        this.out = out;
        this.err = err;
        this.environment = Map.copyOf(environment);
        this.workingDirectory = workingDirectory;
        this.terminal = terminal;
    }

    public static CliContext system() {
        return new CliContext(System.out, System.err, System.getenv(), Path.of("").toAbsolutePath(),
                System.console() != null);
    }

    void jsonLog(boolean on) {
        jsonLog = on;
    }

    boolean jsonLog() {
        return jsonLog;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    public Map<String, String> environment() {
        return environment;
    }

    public Path workingDirectory() {
        return workingDirectory;
    }

    /** Whether stdout is a terminal (a person watching). */
    public boolean terminal() {
        return terminal;
    }

    /** Colours only on a terminal, never with NO_COLOR set or TERM=dumb. */
    public boolean colour() {
        return terminal && !environment.containsKey("NO_COLOR") && !"dumb".equals(environment.get("TERM"));
    }

    public SecretMask mask() {
        return mask;
    }

    void mask(SecretMask mask) {
        this.mask = mask;
    }
}
