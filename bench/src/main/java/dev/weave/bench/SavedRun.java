package dev.weave.bench;

import dev.weave.bench.BenchMain.Measurement;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A run's measurements and circumstances, saved in its work directory ({@code run.properties},
 * {@code results.tsv}), so the report can be written again from them ({@code BenchMain --render DIR}) — with
 * the notes as they are now — without measuring again.
 */
final class SavedRun {

    private static final String RESULTS = "results.tsv";
    private static final String RUN = "run.properties";

    private SavedRun() {
    }

    static void save(Path dir, BenchMain.Options o, List<Measurement> results, MachineInfo before, MachineInfo after,
                     Duration took, Report.ServerVersions servers, String revision, java.time.Instant ranAt)
            throws IOException {
        Files.createDirectories(dir);
        Properties p = new Properties();
        p.setProperty("command", o.command);
        p.setProperty("sizes", join(o.sizes));
        p.setProperty("reps", join(o.reps));
        List<String> stores = new ArrayList<>();
        o.stores.forEach(s -> stores.add(s.id));
        p.setProperty("stores", String.join(",", stores));
        p.setProperty("allSize", String.valueOf(o.allSize));
        p.setProperty("allReps", String.valueOf(o.allReps));
        p.setProperty("jvmOptions", String.join(" ", o.jvmOptions));
        machine(p, "before.", before);
        machine(p, "after.", after);
        p.setProperty("tookSeconds", String.valueOf(took.toSeconds()));
        put(p, "server.postgres", servers.postgres());
        put(p, "server.neo4j", servers.neo4j());
        put(p, "server.elasticsearch", servers.elasticsearch());
        p.setProperty("revision", revision);
        p.setProperty("ranAt", ranAt.toString());
        try (Writer w = Files.newBufferedWriter(dir.resolve(RUN), StandardCharsets.UTF_8)) {
            p.store(w, "weave-bench run");
        }
        StringBuilder tsv = new StringBuilder();
        for (Measurement m : results) {
            tsv.append(m.store() == null ? "-" : m.store().id).append('\t').append(m.size()).append('\t')
                    .append(m.tool().id()).append('\t').append(m.operation()).append('\t').append(m.rep()).append('\t')
                    .append(clean(m.error() == null ? "" : m.error()));
            if (m.answer() != null) {
                tsv.append("\tprocessMs=").append(m.answer().processMs());
                m.answer().facts().forEach((k, v) -> tsv.append('\t').append(k).append('=').append(clean(v)));
            }
            tsv.append('\n');
        }
        Files.writeString(dir.resolve(RESULTS), tsv, StandardCharsets.UTF_8);
    }

    /** The report of the run saved in {@code dir}, with the options' notes file. */
    static Report load(Path dir, BenchMain.Options o) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve(RUN), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        o.command = p.getProperty("command");
        o.sizes = ints(p.getProperty("sizes"));
        o.reps = ints(p.getProperty("reps"));
        o.stores = new LinkedHashSet<>();
        for (String s : p.getProperty("stores").split(",")) {
            o.stores.add(Store.of(s));
        }
        o.allSize = Integer.parseInt(p.getProperty("allSize"));
        o.allReps = Integer.parseInt(p.getProperty("allReps"));
        String jvm = p.getProperty("jvmOptions", "");
        o.jvmOptions = jvm.isBlank() ? List.of() : List.of(jvm.split(" "));
        List<Measurement> results = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(RESULTS), StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            Store store = f[0].equals("-") ? null : Store.of(f[0]);
            String error = f[5].isEmpty() ? null : f[5];
            Child.Answer answer = null;
            if (f.length > 6) {
                Map<String, String> facts = new LinkedHashMap<>();
                double processMs = Double.NaN;
                for (int i = 6; i < f.length; i++) {
                    int eq = f[i].indexOf('=');
                    String k = f[i].substring(0, eq);
                    String v = f[i].substring(eq + 1);
                    if (k.equals("processMs")) {
                        processMs = Double.parseDouble(v);
                    } else {
                        facts.put(k, v);
                    }
                }
                answer = new Child.Answer("true".equals(facts.get("ok")), number(facts.get("ms")), processMs,
                        (long) number(facts.get("hwmKb")), (long) number(facts.get("heapPeakBytes")), facts.get("error"), facts);
            }
            results.add(new Measurement(store, Integer.parseInt(f[1]), Tool.of(f[2]), f[3], Integer.parseInt(f[4]), answer, error));
        }
        return new Report(o, results, machine(p, "before."), machine(p, "after."),
                Duration.ofSeconds(Long.parseLong(p.getProperty("tookSeconds"))),
                new Report.ServerVersions(p.getProperty("server.postgres"), p.getProperty("server.neo4j"),
                        p.getProperty("server.elasticsearch")), p.getProperty("revision", ""),
                java.time.Instant.parse(p.getProperty("ranAt")));
    }

    private static void machine(Properties p, String prefix, MachineInfo m) {
        p.setProperty(prefix + "cores", String.valueOf(m.cores()));
        p.setProperty(prefix + "cpu", m.cpu());
        p.setProperty(prefix + "memoryMb", String.valueOf(m.memoryMb()));
        p.setProperty(prefix + "os", m.os());
        p.setProperty(prefix + "kernel", m.kernel());
        p.setProperty(prefix + "jvm", m.jvm());
        p.setProperty(prefix + "load", m.loadAverage());
    }

    private static MachineInfo machine(Properties p, String prefix) {
        return new MachineInfo(Integer.parseInt(p.getProperty(prefix + "cores")), p.getProperty(prefix + "cpu"),
                Long.parseLong(p.getProperty(prefix + "memoryMb")), p.getProperty(prefix + "os"),
                p.getProperty(prefix + "kernel"), p.getProperty(prefix + "jvm"), p.getProperty(prefix + "load"));
    }

    private static void put(Properties p, String key, String value) {
        if (value != null) {
            p.setProperty(key, value);
        }
    }

    private static String clean(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    private static double number(String s) {
        try {
            return s == null ? Double.NaN : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String join(List<Integer> ints) {
        List<String> s = new ArrayList<>();
        ints.forEach(i -> s.add(String.valueOf(i)));
        return String.join(",", s);
    }

    private static List<Integer> ints(String s) {
        List<Integer> out = new ArrayList<>();
        for (String p : s.split(",")) {
            out.add(Integer.parseInt(p.strip()));
        }
        return out;
    }
}
