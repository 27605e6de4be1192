package dev.weave.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * One measured operation in a JVM of its own, so that its time and its peak memory belong to one tool:
 * {@code ChildMain <tool> <store> <operation> <dir> [<dir> <dir>]}, connections in the environment (see
 * {@link Connections}). Prints {@code BENCH-RESULT key=value} lines and exits.
 *
 * <p>The time ({@code ms}) runs from just before the tool is configured (its classes not yet loaded) until its
 * answer is back and its connection closed: what an application pays at start-up, or a CLI run pays after the JVM
 * is up. The JVM's own start and exit are outside it; the parent measures those too ({@code processMs}). Validate
 * and info run a second time in the same JVM ({@code warmMs}). Memory is
 * read at the end: {@code VmHWM} of {@code /proc/self/status} (the process's peak resident set, JVM included) and
 * the sum of the heap pools' peak usage.
 */
public final class ChildMain {

    private ChildMain() {
    }

    public static void main(String[] args) {
        quietJul();
        Map<String, String> out = new LinkedHashMap<>();
        int code = 0;
        try {
            Tool tool = Tool.of(args[0]);
            String store = args[1];
            String operation = args[2];
            List<Path> dirs = new ArrayList<>();
            for (int i = 3; i < args.length; i++) {
                dirs.add(Path.of(args[i]));
            }
            Connections c = Connections.fromEnvironment(System.getenv());
            long t0 = System.nanoTime();
            Map<String, String> facts = Operations.run(tool, store, operation, dirs, c);
            long t1 = System.nanoTime();
            out.put("ok", "true");
            out.put("ms", String.valueOf((t1 - t0) / 1_000_000.0));
            out.putAll(facts);
            if (operation.equals("validate") || operation.equals("info")) {
                // the same call again in this JVM (a new tool instance, classes loaded and JIT-compiled): what the
                // operation itself costs once the JVM is warm, as in a long-running application
                long t2 = System.nanoTime();
                Operations.run(tool, store, operation, dirs, c);
                out.put("warmMs", String.valueOf((System.nanoTime() - t2) / 1_000_000.0));
            }
        } catch (Throwable e) {
            out.put("ok", "false");
            out.put("error", oneLine(e));
            code = 1;
        }
        out.put("hwmKb", String.valueOf(vmHwmKb()));
        out.put("heapPeakBytes", String.valueOf(heapPeak()));
        if (args.length > 1 && args[1].equals("fanout")) { // the full GC would count in the others' process times
            out.put("liveHeapBytes", String.valueOf(liveHeap()));
        }
        StringBuilder sb = new StringBuilder();
        out.forEach((k, v) -> sb.append("BENCH-RESULT ").append(k).append('=').append(v.replace('\n', ' ')).append('\n'));
        System.out.print(sb);
        System.out.flush();
        if (Boolean.getBoolean("weave.bench.normalExit")) {
            System.exit(code); // lets a JFR recording (-XX:StartFlightRecording) be written when profiling by hand
        }
        Runtime.getRuntime().halt(code); // no shutdown hooks or lingering driver threads in the measured process
    }

    /** neo4j-migrations logs every migration through java.util.logging; every tool runs without logging. */
    static void quietJul() {
        LogManager.getLogManager().reset();
        Logger.getLogger("").setLevel(Level.OFF);
    }

    static String oneLine(Throwable e) {
        StringBuilder sb = new StringBuilder();
        Throwable t = e;
        int depth = 0;
        while (t != null && depth++ < 4) {
            if (sb.length() > 0) {
                sb.append(" <- ");
            }
            sb.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
            t = t.getCause();
        }
        String s = sb.toString().replace('\n', ' ').replace('\r', ' ');
        return s.length() > 600 ? s.substring(0, 600) + "…" : s;
    }

    /** Peak resident set size of this process in kB (Linux), -1 where unknown. */
    static long vmHwmKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return -1;
    }

    /**
     * The heap in use after a full collection, once the operation is done and its peak RSS has been read: what the
     * tool still holds (its results included), which the peak RSS does not show, as a default-sized heap lets its
     * young generation grow with the allocation rate. Read last, so the collection costs no measured time.
     */
    static long liveHeap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static long heapPeak() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
