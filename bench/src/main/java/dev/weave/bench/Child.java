package dev.weave.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts one {@link ChildMain} process and reads what it measured. */
final class Child {

    private static final long TIMEOUT_MINUTES = 45;

    private final String classpath;
    private final List<String> jvmOptions;
    private final Path logs;
    private int started;

    Child(String classpath, List<String> jvmOptions, Path logs) throws IOException {
        this.classpath = classpath;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.logs = logs;
        Files.createDirectories(logs);
    }

    /** One child's answer: its own facts plus {@code processMs}, spawn to exit as the parent saw it. */
    record Answer(boolean ok, double ms, double processMs, long hwmKb, long heapPeakBytes, String error,
                  Map<String, String> facts) {

        String fact(String key) {
            return facts.get(key);
        }
    }

    Answer run(Connections connections, String tool, String store, String operation, List<Path> dirs)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(ChildMain.class.getName());
        command.add(tool);
        command.add(store);
        command.add(operation);
        dirs.forEach(d -> command.add(d.toString()));
        Path log = logs.resolve(String.format("%04d-%s-%s-%s.log", ++started, store, tool, operation));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(log.toFile());
        pb.environment().putAll(connections.toEnvironment());
        long cpuBefore = machineBusyMillis();
        long t0 = System.nanoTime();
        Process p = pb.start();
        p.getOutputStream().close();
        Map<String, String> facts = new LinkedHashMap<>();
        List<String> other = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("BENCH-RESULT ")) {
                    String kv = line.substring("BENCH-RESULT ".length());
                    int eq = kv.indexOf('=');
                    facts.put(kv.substring(0, eq), kv.substring(eq + 1));
                } else {
                    other.add(line);
                }
            }
        }
        if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return new Answer(false, Double.NaN, Double.NaN, -1, -1, "timed out after " + TIMEOUT_MINUTES + " min", facts);
        }
        double processMs = (System.nanoTime() - t0) / 1_000_000.0;
        long cpuAfter = machineBusyMillis();
        if (cpuBefore >= 0 && cpuAfter >= 0) {
            // every process of the machine: the servers' work for this operation as well as the tool's own
            facts.put("machineCpuMs", String.valueOf(cpuAfter - cpuBefore));
        }
        if (facts.containsKey("warmMs")) {
            processMs -= parse(facts.get("warmMs")); // the process as if it had made the call once
        }
        if (!other.isEmpty()) {
            Files.write(log, other, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        }
        facts.put("load1", loadAverage1()); // how busy the machine was as this measurement ended
        boolean ok = "true".equals(facts.get("ok"));
        String error = facts.getOrDefault("error", ok ? null : "exit " + p.exitValue() + ", see " + log);
        return new Answer(ok, parse(facts.get("ms")), processMs, (long) parse(facts.get("hwmKb")),
                (long) parse(facts.get("heapPeakBytes")), error, facts);
    }

    /**
     * CPU time the whole machine has spent busy (all cores, all processes: user, nice, system, irq, softirq,
     * steal) since boot, from the first line of {@code /proc/stat}; -1 where there is none. With it a run tells how
     * much CPU its operation cost the servers and the tool together, which bounds what running stores in parallel
     * can gain on a machine with few cores.
     */
    static long machineBusyMillis() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busyTicks = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) { // user nice system (idle iowait) irq softirq steal
                busyTicks += Long.parseLong(f[i]);
            }
            return busyTicks * 10; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String loadAverage1() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "NaN";
        }
    }

    private static double parse(String s) {
        try {
            return s == null ? Double.NaN : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
