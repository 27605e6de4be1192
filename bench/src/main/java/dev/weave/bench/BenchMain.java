package dev.weave.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The benchmark: Weave against Flyway (PostgreSQL), neo4j-migrations (Neo4j) and elasticsearch-evolution
 * (Elasticsearch) on the same real servers, with the raw floor of each store, then {@code migrate-all} across the
 * three stores against the same three migrated one after another. Writes the report (BENCHMARKS.md).
 *
 * <pre>
 * BenchMain [--out FILE] [--sizes 100,1000,10000] [--reps 5,3,1] [--stores postgres,neo4j,elasticsearch]
 *           [--all-size 1000] [--all-reps 3] [--work DIR] [--classpath CP] [--notes FILE] [--no-warmup] [--smoke]
 * BenchMain --render WORKDIR [--out FILE] [--notes FILE]
 * </pre>
 *
 * Every measured operation is its own child JVM ({@link ChildMain}); tools take turns within each repetition (the
 * order rotates), each on a fresh database / cleaned graph / cleaned node, so the ratios are pairs measured side by
 * side under the same conditions.
 */
public final class BenchMain {

    static final List<String> OPERATIONS = List.of("migrate", "noop", "validate", "info");

    /** The JVM options of {@code bin/weave} (distribution/src/dist/bin/weave), in its order. */
    static final List<String> LAUNCHER_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto");

    final Options options;
    private final Servers servers;
    private final Child child;
    final List<Measurement> results = new ArrayList<>();

    BenchMain(Options options, Servers servers, Child child) {
        this.options = options;
        this.servers = servers;
        this.child = child;
    }

    /** One measured operation (or the failure in its place). */
    record Measurement(Store store, int size, Tool tool, String operation, int rep, Child.Answer answer, String error) {

        boolean ok() {
            return error == null && answer != null && answer.ok();
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        if (options.render != null) {
            Files.writeString(options.out, SavedRun.load(options.render, options).markdown());
            System.err.println("report written to " + options.out + " from the run saved in " + options.render);
            System.exit(0);
        }
        Path report = run(options).report();
        System.err.println("report written to " + report);
        System.exit(0);
    }

    /** What a run measured, and where its report is. */
    record Run(List<Measurement> results, Path report) {
    }

    /** Runs everything the options ask for and writes the report. */
    static Run run(Options options) throws Exception {
        Files.createDirectories(options.work);
        Generator.deleteTree(options.work.resolve("logs")); // the children's stderr, of this run only
        MachineInfo machineBefore = MachineInfo.read();
        String revision = Report.gitRevision();
        Instant start = Instant.now();
        log("load average at start: " + machineBefore.loadAverage());
        try (Servers servers = Servers.start(options.stores, BenchMain::log)) {
            Child child = new Child(options.classpath, options.jvmOptions, options.work.resolve("logs"));
            BenchMain bench = new BenchMain(options, servers, child);
            if (options.fanOutOnly) {
                return bench.runFanOutOnly(machineBefore, start);
            }
            bench.runStores();
            if (options.allSize > 0 && options.stores.containsAll(EnumSet.allOf(Store.class))) {
                bench.runMigrateAll();
            }
            FanOutBench.Result fanOut = bench.runFanOut();
            StartBench.Result cliStart = options.launcher == null ? null
                    : new StartBench(options.launcher, options.work).run(Path.of("migrations"), options.startRuns);
            Duration took = Duration.between(start, Instant.now());
            MachineInfo machineAfter = MachineInfo.read();
            Report.ServerVersions versions = new Report.ServerVersions(
                    options.stores.contains(Store.POSTGRES) ? servers.postgresVersion() : null,
                    options.stores.contains(Store.NEO4J) ? servers.neo4jVersion() : null,
                    options.stores.contains(Store.ELASTICSEARCH) ? servers.elasticsearchVersion() : null);
            SavedRun.save(options.work, options, bench.results, machineBefore, machineAfter, took, versions, revision, start);
            Report report = new Report(options, bench.results, machineBefore, machineAfter, took, versions, revision, start)
                    .withFanOut(fanOut).withStart(cliStart);
            Files.createDirectories(options.out.toAbsolutePath().getParent());
            Files.writeString(options.out, report.markdown());
            log("done in " + took.toMinutes() + " min " + took.toSecondsPart() + " s");
            return new Run(List.copyOf(bench.results), options.out);
        }
    }

    /** The fan-out measured, or null when the options leave it out. */
    FanOutBench.Result runFanOut() throws Exception {
        if (options.fanOut <= 0 || !options.stores.contains(Store.POSTGRES)) {
            return null;
        }
        log("fan-out: " + options.fanOut + " tenant databases");
        return new FanOutBench(servers, child, options.work, options.classpath, options.jvmOptions)
                .run(options.fanOut, options.fanOutSample);
    }

    /** {@code --fanout-only}: the fan-out section alone, with the machine it ran on. */
    private Run runFanOutOnly(MachineInfo machineBefore, Instant start) throws Exception {
        FanOutBench.Result fanOut = runFanOut();
        String section = fanOut == null ? "" : FanOutBench.markdown(fanOut, true);
        Duration took = Duration.between(start, Instant.now());
        String md = "# Benchmarks: fan-out\n\nWritten by `" + options.command + " --fanout-only` on "
                + start.atZone(java.time.ZoneOffset.UTC).format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))
                + " (" + took.toMinutes() + " min " + took.toSecondsPart() + " s)" + Report.gitRevision()
                + ", " + servers.postgresVersion() + ". Load average before: " + machineBefore.loadAverage()
                + "; after: " + MachineInfo.read().loadAverage() + ".\n\n" + section;
        Files.createDirectories(options.out.toAbsolutePath().getParent());
        Files.writeString(options.out, md);
        log("done in " + took.toMinutes() + " min " + took.toSecondsPart() + " s");
        return new Run(List.copyOf(results), options.out);
    }

    void runStores() throws Exception {
        for (Store store : options.stores) {
            if (options.warmup) {
                // Unrecorded: each tool once on the smallest set, so the server has compiled its query plans and
                // warmed its JIT before the first measured run (the first Cypher queries after a start take seconds).
                int size = options.sizes.get(0);
                Path dir = Generator.generate(store, size, options.work.resolve("sets").resolve(store.id + "-" + size));
                int recorded = results.size();
                for (Tool tool : rotation(1)) {
                    suite(store, size, tool, 0, dir);
                }
                results.subList(recorded, results.size()).clear();
            }
            for (int s = 0; s < options.sizes.size(); s++) {
                int size = options.sizes.get(s);
                int reps = options.reps.get(Math.min(s, options.reps.size() - 1));
                Path dir = Generator.generate(store, size, options.work.resolve("sets").resolve(store.id + "-" + size));
                for (int rep = 1; rep <= reps; rep++) {
                    for (Tool tool : rotation(rep)) {
                        suite(store, size, tool, rep, dir);
                    }
                }
            }
        }
    }

    /** Weave, peer, floor; the first one moves each repetition so no tool always runs first (or last). */
    static List<Tool> rotation(int rep) {
        List<Tool> tools = new ArrayList<>(List.of(Tool.WEAVE, Tool.PEER, Tool.FLOOR));
        for (int i = 1; i < rep; i++) {
            tools.add(tools.remove(0));
        }
        return tools;
    }

    /** Migrate from empty (checked), then the no-op re-run, validate and info, on a fresh store. */
    private void suite(Store store, int size, Tool tool, int rep, Path dir) throws Exception {
        String database = null;
        try {
            if (store == Store.POSTGRES) {
                database = servers.freshDatabase();
            } else {
                servers.reset(store);
            }
            Connections c = servers.connections(database);
            Measurement migrate = measure(c, store, size, tool, "migrate", rep, dir);
            if (!migrate.ok()) {
                return;
            }
            try {
                servers.verify(store, tool, size, database);
            } catch (Exception e) {
                results.remove(migrate);
                results.add(new Measurement(store, size, tool, "migrate", rep, migrate.answer(),
                        "did not apply everything: " + e.getMessage()));
                log("  CHECK FAILED: " + e.getMessage());
                return;
            }
            if (tool == Tool.FLOOR) {
                return;
            }
            Measurement noop = measure(c, store, size, tool, "noop", rep, dir);
            String applied = noop.answer() == null ? null : noop.answer().fact("applied");
            if (noop.ok() && applied != null && !applied.equals("0")) {
                results.remove(noop);
                results.add(new Measurement(store, size, tool, "noop", rep, noop.answer(), "re-run applied " + applied));
            }
            boolean readOps = tool != Tool.PEER || options.peerReadOps;
            if (readOps && supports(store, tool, "validate")) {
                measure(c, store, size, tool, "validate", rep, dir);
            }
            if (readOps && supports(store, tool, "info")) {
                measure(c, store, size, tool, "info", rep, dir);
            }
        } finally {
            if (database != null) {
                servers.dropDatabase(database);
            }
        }
    }

    /** elasticsearch-evolution 0.6.1 has migrate only. */
    static boolean supports(Store store, Tool tool, String operation) {
        if (tool == Tool.FLOOR) {
            return operation.equals("migrate");
        }
        return !(tool == Tool.PEER && store == Store.ELASTICSEARCH
                && (operation.equals("validate") || operation.equals("info")));
    }

    private Measurement measure(Connections c, Store store, int size, Tool tool, String operation, int rep, Path dir)
            throws IOException, InterruptedException {
        String childOperation = operation.equals("noop") ? "migrate" : operation;
        Child.Answer a = child.run(c, tool.id(), store.id, childOperation, List.of(dir));
        Measurement m = new Measurement(store, size, tool, operation, rep, a, a.ok() ? null : a.error());
        results.add(m);
        log(String.format("%-13s %6d  %-24s %-9s %s: %s", store.id, size, tool.label(store), operation,
                rep == 0 ? "warm-up" : "rep " + rep,
                a.ok() ? String.format("%9.1f ms (process %9.1f ms, peak RSS %5d MB)", a.ms(), a.processMs(), a.hwmKb() / 1024)
                        : "FAILED " + a.error()));
        return m;
    }

    /**
     * migrate-all over the three stores against the three migrated one after another, {@code allSize} files each:
     * per repetition, each store alone (its own JVM), the three one after another in one JVM, and migrate-all.
     */
    void runMigrateAll() throws Exception {
        int size = options.allSize;
        List<Path> dirs = new ArrayList<>();
        for (Store store : Store.values()) {
            dirs.add(Generator.generate(store, size, options.work.resolve("sets").resolve(store.id + "-" + size)));
        }
        for (int rep = 1; rep <= options.allReps; rep++) {
            for (Store store : options.allSingles ? List.of(Store.values()) : List.<Store>of()) {
                String database = freshAll();
                try {
                    Child.Answer a = child.run(servers.connections(database), "weave", store.id, "migrate",
                            List.of(dirs.get(store.ordinal())));
                    record(null, size, "single-" + store.id, rep, a, store, database);
                } finally {
                    servers.dropDatabase(database);
                }
            }
            List<String> modes = !options.allSingles ? List.of("migrate-all")
                    : rep % 2 == 1 ? List.of("sequential", "migrate-all") : List.of("migrate-all", "sequential");
            for (String mode : modes) {
                String database = freshAll();
                try {
                    Child.Answer a = child.run(servers.connections(database), "weave", "all", mode, dirs);
                    record(null, size, mode, rep, a, null, database);
                } finally {
                    servers.dropDatabase(database);
                }
            }
        }
    }

    private String freshAll() throws IOException {
        servers.resetGraph();
        servers.resetNode();
        return servers.freshDatabase();
    }

    private void record(Store store, int size, String operation, int rep, Child.Answer a, Store single, String database) {
        String error = a.ok() ? null : a.error();
        if (error == null) {
            try {
                for (Store s : single == null ? List.of(Store.values()) : List.of(single)) {
                    servers.verify(s, Tool.WEAVE, size, database);
                }
            } catch (Exception e) {
                error = "did not apply everything: " + e.getMessage();
            }
        }
        results.add(new Measurement(store, size, Tool.WEAVE, operation, rep, a, error));
        log(String.format("%-13s %6d  %-24s %-9s rep %d: %s", "all stores", size, "Weave", operation, rep,
                error == null ? String.format("%9.1f ms (process %9.1f ms) %s", a.ms(), a.processMs(), perTarget(a)) : "FAILED " + error));
    }

    private static String perTarget(Child.Answer a) {
        StringBuilder sb = new StringBuilder();
        a.facts().forEach((k, v) -> {
            if (k.startsWith("ms.")) {
                sb.append(k.substring(3)).append('=').append(String.format("%.0f", Double.parseDouble(v))).append(' ');
            }
        });
        return sb.toString().trim();
    }

    /**
     * The classpath of the measured processes, from the bench module's build output: its classes and its runtime
     * dependencies (target/bench-classpath.txt, written by the build; the peers come in weave-peer-tools).
     */
    static String moduleClasspath(Path module) {
        try {
            Path target = module.toAbsolutePath().normalize().resolve("target");
            List<String> entries = new ArrayList<>();
            entries.add(target.resolve("classes").toString());
            String deps = Files.readString(target.resolve("bench-classpath.txt")).strip();
            if (!deps.isEmpty()) {
                entries.add(deps);
            }
            return String.join(java.io.File.pathSeparator, entries);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("build the bench module first (mvn -pl bench -am install -DskipTests)", e);
        }
    }

    static void log(String message) {
        System.err.println(java.time.LocalTime.now().withNano(0) + " " + message);
    }

    /** What to run. */
    static final class Options {
        Path out = Path.of("BENCHMARKS.md");
        List<Integer> sizes = List.of(100, 1_000, 10_000);
        List<Integer> reps = List.of(5, 3, 1);
        Set<Store> stores = new LinkedHashSet<>(List.of(Store.POSTGRES, Store.NEO4J, Store.ELASTICSEARCH));
        int allSize = 1_000;
        int allReps = 3;
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "weave-bench");
        String classpath = Files.isRegularFile(Path.of("bench", "target", "bench-classpath.txt"))
                ? moduleClasspath(Path.of("bench")) : System.getProperty("java.class.path");
        /** Every measured JVM, of every tool, runs with the options bin/weave starts Weave with (LauncherOptionsTest). */
        List<String> jvmOptions = LAUNCHER_JVM_OPTIONS;
        String command = "./bench/run.sh";
        /** Hand-written analysis appended to the report (what limits a target that is not met). */
        Path notes = Path.of("bench", "NOTES.md");
        boolean warmup = true;
        /** Write the report again from the run saved in this work directory, measuring nothing. */
        Path render;
        /** Also each store alone and the three one after another (the smoke run does migrate-all only). */
        boolean allSingles = true;
        /** The peers' validate and info too (the smoke run leaves them out to stay within a minute). */
        boolean peerReadOps = true;
        /** Tenant databases of the fan-out measurement (0: none); the CLI loop is timed on {@code fanOutSample}. */
        int fanOut = 1_000;
        int fanOutSample = 50;
        /** Only the fan-out (PostgreSQL alone), its section written to {@code out} by itself. */
        boolean fanOutOnly;
        /** {@code bin/weave} of an unpacked distribution, for the CLI start; null: not measured. */
        Path launcher;
        int startRuns = 10;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--out" -> o.out = Path.of(args[++i]);
                    case "--sizes" -> o.sizes = ints(args[++i]);
                    case "--reps" -> o.reps = ints(args[++i]);
                    case "--stores" -> {
                        o.stores = new LinkedHashSet<>();
                        for (String s : args[++i].split(",")) {
                            o.stores.add(Store.of(s.strip()));
                        }
                    }
                    case "--all-size" -> o.allSize = Integer.parseInt(args[++i]);
                    case "--all-reps" -> o.allReps = Integer.parseInt(args[++i]);
                    case "--work" -> o.work = Path.of(args[++i]);
                    case "--classpath" -> o.classpath = args[++i];
                    case "--command" -> o.command = args[++i];
                    case "--notes" -> o.notes = Path.of(args[++i]);
                    case "--smoke" -> {
                        o.sizes = List.of(10);
                        o.reps = List.of(1);
                        o.allSize = 10;
                        o.allReps = 1;
                        o.warmup = false;
                        o.allSingles = false;
                        o.peerReadOps = false;
                        o.fanOut = 0;
                    }
                    case "--no-warmup" -> o.warmup = false;
                    case "--fanout" -> o.fanOut = Integer.parseInt(args[++i].replace("_", ""));
                    case "--fanout-sample" -> o.fanOutSample = Integer.parseInt(args[++i]);
                    case "--jvm-option" -> { // for profiling by hand, e.g. --jvm-option -Xlog:gc:file=/tmp/gc-%p.log
                        List<String> more = new ArrayList<>(o.jvmOptions);
                        more.add(args[++i]);
                        o.jvmOptions = List.copyOf(more);
                    }
                    case "--fanout-only" -> {
                        o.fanOutOnly = true;
                        o.stores = new LinkedHashSet<>(List.of(Store.POSTGRES));
                    }
                    case "--launcher" -> o.launcher = Path.of(args[++i]).toAbsolutePath();
                    case "--start-runs" -> o.startRuns = Integer.parseInt(args[++i]);
                    case "--render" -> o.render = Path.of(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + a + "\n" + usage());
                }
            }
            return o;
        }

        static String usage() {
            return "BenchMain [--out FILE] [--sizes 100,1000,10000] [--reps 5,3,1] [--stores postgres,neo4j,elasticsearch]"
                    + " [--all-size 1000] [--all-reps 3] [--work DIR] [--classpath CP] [--notes FILE] [--no-warmup] [--smoke]"
                    + " [--fanout 1000] [--fanout-sample 50] [--fanout-only] [--jvm-option OPT]… [--launcher bin/weave] [--start-runs 10]"
                    + "\n       BenchMain --render WORKDIR [--out FILE] [--notes FILE]   (the report again from a saved run)";
        }

        private static List<Integer> ints(String s) {
            List<Integer> out = new ArrayList<>();
            for (String p : s.split(",")) {
                out.add(Integer.parseInt(p.strip().replace("_", "")));
            }
            return out;
        }
    }
}
