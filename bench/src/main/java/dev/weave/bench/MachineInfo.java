package dev.weave.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the report says about the machine: read from /proc and the JVM, no external commands. */
record MachineInfo(int cores, String cpu, long memoryMb, String os, String kernel, String jvm, String loadAverage) {

    static MachineInfo read() {
        String cpu = "unknown";
        long memKb = -1;
        String os = System.getProperty("os.name");
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).strip();
                    break;
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    memKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    os = line.substring("PRETTY_NAME=".length()).replace("\"", "");
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux: fewer facts
        }
        String jvm = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vendor") + ")";
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), cpu, memKb / 1024, os,
                System.getProperty("os.version"), jvm, loadAverage1());
    }

    /** The 1-, 5- and 15-minute load averages. */
    private static String loadAverage1() {
        try {
            List<String> parts = List.of(Files.readString(Path.of("/proc/loadavg")).strip().split(" "));
            return parts.get(0) + " / " + parts.get(1) + " / " + parts.get(2);
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The 1-minute load average, NaN where unknown. */
    double load1() {
        try {
            return Double.parseDouble(loadAverage.split(" ")[0]);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /** The 15-minute load average, NaN where unknown. */
    double load15() {
        try {
            String[] p = loadAverage.split(" / ");
            return Double.parseDouble(p[2]);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
