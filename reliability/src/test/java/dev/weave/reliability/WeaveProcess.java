package dev.weave.reliability;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real {@code weave} process: {@code java -cp <this JVM's class path> dev.weave.cli.WeaveCli ...}, in a
 * project folder, with an environment of its own (nothing of this JVM's leaks in), its output in files so
 * that what a killed process printed can still be read. Every process started here is killed with SIGKILL
 * (its whole tree) when it is closed, when a wait runs out, and when this JVM exits.
 */
final class WeaveProcess implements AutoCloseable {

    /** Small and quick to start: the CLI runs for a second or two. */
    private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Xmx256m", "-XX:-UsePerfData", "-Dfile.encoding=UTF-8");
    private static final Set<WeaveProcess> LIVE = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger COUNTER = new AtomicInteger();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(LIVE).forEach(WeaveProcess::kill),
                "weave-reliability-kill-processes"));
    }

    /** What a finished (or killed) process left. */
    record Result(List<String> args, int exit, String out, String err, long millis) {
        String all() {
            return out + err;
        }

        @Override
        public String toString() {
            return "weave " + String.join(" ", args) + " -> exit " + exit + " in " + millis + " ms\n--- stdout\n" + out
                    + "--- stderr\n" + err;
        }
    }

    final List<String> args;
    final int number;
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final long startNanos;
    private volatile Instant killedAt;

    private WeaveProcess(List<String> args, int number, Process process, Path stdout, Path stderr, long startNanos) {
        this.args = args;
        this.number = number;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.startNanos = startNanos;
    }

    static WeaveProcess start(Path project, Map<String, String> env, List<String> args) {
        int n = COUNTER.incrementAndGet();
        Path logs = Work.dir("processes");
        Path out = logs.resolve(n + ".out");
        Path err = logs.resolve(n + ".err");
        Path home = Work.dir("home");
        Path tmp = Work.dir("tmp");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-Djava.io.tmpdir=" + tmp);
        command.add("-cp");
        command.add(classPath());
        command.add("dev.weave.cli.WeaveCli");
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> environment = builder.environment();
        String path = environment.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        environment.clear();
        environment.put("PATH", path);
        environment.put("HOME", home.toString());
        environment.put("LANG", "C.UTF-8");
        environment.putAll(env);
        try {
            long t0 = System.nanoTime();
            WeaveProcess p = new WeaveProcess(List.copyOf(args), n, builder.start(), out, err, t0);
            LIVE.add(p);
            Figures.add("processes.started", 1);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start weave " + args, e);
        }
    }

    static WeaveProcess start(Path project, Map<String, String> env, String... args) {
        return start(project, env, List.of(args));
    }

    /** Runs to the end (at most {@code limit}, then it is killed and the test fails). */
    static Result run(Path project, Map<String, String> env, Duration limit, String... args) {
        try (WeaveProcess p = start(project, env, args)) {
            return p.await(limit);
        }
    }

    private static String classPath;

    /**
     * The test JVM's own class path (the CLI, every store adapter and their libraries), copied once into
     * the work folder: other builds on this machine may install new jars over the ones in the local Maven
     * repository while a weave process still loads classes from them.
     */
    static synchronized String classPath() {
        if (classPath != null) {
            return classPath;
        }
        String cp = System.getProperty("java.class.path");
        if (cp == null || !cp.contains("weave-cli") && !cp.contains("cli/target/classes")) {
            throw new IllegalStateException("the test class path does not hold the weave CLI: " + cp);
        }
        Path copies = Work.dir("classpath");
        List<String> entries = new ArrayList<>();
        int i = 0;
        try {
            for (String entry : cp.split(File.pathSeparator)) {
                Path from = Path.of(entry);
                if (!Files.exists(from)) {
                    continue;
                }
                Path to = copies.resolve((i++) + "-" + from.getFileName());
                if (Files.isDirectory(from)) {
                    try (var all = Files.walk(from)) {
                        for (Path f : all.toList()) {
                            Path target = to.resolve(from.relativize(f).toString());
                            if (Files.isDirectory(f)) {
                                Files.createDirectories(target);
                            } else {
                                Files.copy(f, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                            }
                        }
                    }
                } else {
                    Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                entries.add(to.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the class path into " + copies, e);
        }
        classPath = String.join(File.pathSeparator, entries);
        return classPath;
    }

    Result await(Duration limit) {
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw new AssertionError("weave " + String.join(" ", args) + " did not finish within " + limit
                        + "; killed\n--- stdout\n" + read(stdout) + "--- stderr\n" + read(stderr));
            }
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        LIVE.remove(this);
        return result();
    }

    Result result() {
        return new Result(args, process.exitValue(), read(stdout), read(stderr),
                (System.nanoTime() - startNanos) / 1_000_000);
    }

    /** SIGKILL to the process and everything it started; waits until it is gone. */
    void kill() {
        List<ProcessHandle> tree = process.descendants().toList();
        if (process.isAlive()) {
            killedAt = Instant.now();
        }
        process.destroyForcibly(); // SIGKILL on Linux
        tree.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LIVE.remove(this);
    }

    /** When {@link #kill()} found it still running; null if it had ended by itself. */
    Instant killedAt() {
        return killedAt;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Polls {@code condition} every 25 ms until it holds; a probe that throws (a table or index not there yet)
     * means "not yet". Fails when this runner ends first or {@code limit} passes, with what it printed.
     */
    void awaitWhileRunning(java.util.function.BooleanSupplier condition, String what, Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not there yet
            }
            if (!isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the runner never reached " + what + ":\n" + out() + err());
            }
            Thread.sleep(25);
        }
    }

    long pid() {
        return process.pid();
    }

    long millisSinceStart() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** What it printed so far. */
    String out() {
        return read(stdout);
    }

    String err() {
        return read(stderr);
    }

    /** Sends a signal by number (e.g. 19 SIGSTOP, 18 SIGCONT) with kill(1). */
    void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
        LIVE.remove(this);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of {@code env} with more variables. */
    static Map<String, String> with(Map<String, String> env, String... keyValues) {
        Map<String, String> copy = new HashMap<>(env);
        for (int i = 0; i < keyValues.length; i += 2) {
            copy.put(keyValues[i], keyValues[i + 1]);
        }
        return copy;
    }
}
