package dev.weave.distribution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The running {@code weave dev up} of a {@code .weave-dev/} folder: its pid ({@code dev.pid}, which
 * {@code weave dev down} signals) and what it started ({@code dev.stores}), so that a second {@code dev up}
 * can say where the stores already are instead of failing on a port in use.
 */
record DevProcess(long pid, List<String> stores) {

    private static final String PID = "dev.pid";
    private static final String STORES = "dev.stores";

    /** The live process recorded in this folder; empty when none was recorded or it has ended (a stale file). */
    static Optional<DevProcess> running(Path home) {
        Path pidFile = home.resolve(PID);
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            if (pid == ProcessHandle.current().pid()) {
                return Optional.empty();
            }
            Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.contains("java")).orElse(true));
            if (process.isEmpty()) {
                return Optional.empty();
            }
            Path stores = home.resolve(STORES);
            List<String> described = Files.isRegularFile(stores) ? Files.readAllLines(stores) : List.of();
            return Optional.of(new DevProcess(pid, described));
        } catch (NumberFormatException | IOException unreadable) {
            return Optional.empty();
        }
    }

    static void remember(Path home, List<String> described) throws IOException {
        DevUpCommand.writePrivate(home.resolve(STORES), String.join("\n", described) + "\n");
        DevUpCommand.writePrivate(home.resolve(PID), ProcessHandle.current().pid() + "\n");
    }

    /** On shutdown: only our own record is removed. */
    static void forget(Path home) {
        try {
            Optional<String> pid = Files.isRegularFile(home.resolve(PID))
                    ? Optional.of(Files.readString(home.resolve(PID)).trim()) : Optional.empty();
            if (pid.isPresent() && pid.get().equals(String.valueOf(ProcessHandle.current().pid()))) {
                Files.deleteIfExists(home.resolve(PID));
                Files.deleteIfExists(home.resolve(STORES));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
