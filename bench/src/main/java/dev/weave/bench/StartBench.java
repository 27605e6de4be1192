package dev.weave.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How fast the real command starts: {@code bin/weave} of the unpacked distribution, spawned as a user's shell would,
 * timed from spawn to exit. {@code --version} (answered before any store adapter loads) and {@code db validate-all
 * --offline} on a copy of the sample tree (every adapter loaded, every file read and checked against weave.sum, no
 * server). Peak RSS from {@code /usr/bin/time -f %M} where the machine has it.
 */
final class StartBench {

    /** One command's spawn-to-exit times (ms) and peak RSS (KB, 0 when unknown) of each run. */
    record Row(String command, List<Double> ms, List<Long> hwmKb) {

        double median() {
            return Report.median(ms);
        }

        double min() {
            return ms.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        }

        double max() {
            return ms.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }

        long medianHwmKb() {
            List<Double> kb = hwmKb.stream().filter(k -> k > 0).map(Long::doubleValue).toList();
            return kb.isEmpty() ? 0 : (long) Report.median(kb);
        }
    }

    record Result(Path launcher, List<Row> rows) {
    }

    static final double TARGET_MS = 250;
    private static final Path TIME = Path.of("/usr/bin/time");

    private final Path launcher;
    private final Path work;

    StartBench(Path launcher, Path work) {
        this.launcher = launcher;
        this.work = work;
    }

    Result run(Path sampleTree, int runs) throws IOException, InterruptedException {
        Path tree = work.resolve("start").resolve("migrations");
        Generator.deleteTree(tree.getParent());
        copyTree(sampleTree, tree);
        // weave.sum first: validate-all --offline checks the files against it (and fails without it)
        spawn(List.of("db", "sum", "--location", tree.toString()), tree.getParent());
        List<Row> rows = new ArrayList<>();
        rows.add(time("bin/weave --version", List.of("--version"), tree.getParent(), runs));
        rows.add(time("bin/weave db validate-all --offline (the sample tree)",
                List.of("db", "validate-all", "--offline", "--location", tree.toString()), tree.getParent(), runs));
        return new Result(launcher, rows);
    }

    private Row time(String label, List<String> args, Path dir, int runs) throws IOException, InterruptedException {
        spawn(args, dir); // unrecorded: the page cache holds the jar and the JDK's files afterwards, as for a user's second run
        List<Double> ms = new ArrayList<>();
        List<Long> kb = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            String rss = spawn(args, dir);
            ms.add((System.nanoTime() - start) / 1e6);
            kb.add(rss.isEmpty() ? 0 : Long.parseLong(rss));
        }
        return new Row(label, List.copyOf(ms), List.copyOf(kb));
    }

    /** Runs the launcher once; the peak RSS in KB as /usr/bin/time reports it ("" without it). Throws unless exit 0. */
    private String spawn(List<String> args, Path dir) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        Path rssFile = work.resolve("start").resolve("rss.txt");
        boolean timed = Files.isExecutable(TIME);
        if (timed) {
            command.addAll(List.of(TIME.toString(), "-f", "%M", "-o", rssFile.toString()));
        }
        command.add(launcher.toString());
        command.addAll(args);
        Path out = work.resolve("start").resolve("out.txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        int rc = p.waitFor();
        if (rc != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + rc + ": "
                    + Files.readString(out, StandardCharsets.UTF_8).strip());
        }
        return timed ? Files.readString(rssFile).strip() : "";
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    // ---- the report's section

    static String markdown(Result r) {
        StringBuilder md = new StringBuilder("## CLI start\n\n");
        md.append("`bin/weave` of the unpacked distribution (`").append(r.launcher().getParent().getParent().getFileName())
                .append("`, with the JVM options the launcher sets), spawned by the harness as a shell would, spawn to exit, ")
                .append(r.rows().get(0).ms().size()).append(" runs after one unrecorded run; median (min–max).\n\n");
        md.append("| Command | Median | Min–max | Peak RSS |\n| --- | ---: | ---: | ---: |\n");
        for (Row row : r.rows()) {
            md.append("| `").append(row.command()).append("` | ")
                    .append(String.format(Locale.ROOT, "%.3f s", row.median() / 1000)).append(" | ")
                    .append(String.format(Locale.ROOT, "%.3f–%.3f s", row.min() / 1000, row.max() / 1000)).append(" | ")
                    .append(row.medianHwmKb() > 0 ? row.medianHwmKb() / 1024 + " MB" : "—").append(" |\n");
        }
        md.append('\n');
        return md.toString();
    }
}
