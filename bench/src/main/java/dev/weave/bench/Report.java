package dev.weave.bench;

import dev.weave.bench.BenchMain.Measurement;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.function.ToDoubleFunction;

/** BENCHMARKS.md from one run's measurements: machine, versions, method, targets, tables of medians and ratios. */
final class Report {

    record ServerVersions(String postgres, String neo4j, String elasticsearch) {
    }

    private final BenchMain.Options options;
    private final List<Measurement> results;
    private final MachineInfo before;
    private final MachineInfo after;
    private final Duration took;
    private final ServerVersions servers;
    private final String revision;
    private final java.time.Instant ranAt;
    private final Properties versions = versions();
    private final List<String> failures = new ArrayList<>();
    private FanOutBench.Result fanOut;
    private StartBench.Result start;

    /** @param revision what {@link #gitRevision()} said when the run started */
    Report(BenchMain.Options options, List<Measurement> results, MachineInfo before, MachineInfo after, Duration took,
           ServerVersions servers, String revision, java.time.Instant ranAt) {
        this.options = options;
        this.results = results;
        this.before = before;
        this.after = after;
        this.took = took;
        this.servers = servers;
        this.revision = revision;
        this.ranAt = ranAt;
    }

    /** The fan-out measured in the same run (its section and target rows); null for none. */
    Report withFanOut(FanOutBench.Result fanOut) {
        this.fanOut = fanOut;
        return this;
    }

    /** The CLI start measured in the same run; null for none. */
    Report withStart(StartBench.Result start) {
        this.start = start;
        return this;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        md.append("Weave against the tools users would pick instead — Flyway on PostgreSQL, neo4j-migrations on Neo4j,\n")
                .append("elasticsearch-evolution on Elasticsearch — on the same real servers, the same generated migrations,\n")
                .append("in one run, with the raw execution floor of each store. Written by `").append(options.command)
                .append("` on ").append(ranAt.atZone(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
                .append(" (the run took ").append(took.toMinutes()).append(" min ").append(took.toSecondsPart()).append(" s).\n\n");
        machine(md);
        versions(md);
        method(md);
        targetsOfIssue18(md);
        targets(md);
        for (Store store : options.stores) {
            storeTable(md, store);
        }
        migrateAll(md);
        if (fanOut != null) {
            md.append(FanOutBench.markdown(fanOut, false));
        }
        if (start != null) {
            md.append(StartBench.markdown(start));
        }
        failures(md);
        notes(md);
        return md.toString();
    }

    // ---- machine and versions

    private void machine(StringBuilder md) {
        md.append("## Machine\n\n| | |\n| --- | --- |\n");
        md.append("| CPU | ").append(before.cores()).append(" cores, ").append(before.cpu()).append(" |\n");
        md.append("| Memory | ").append(String.format(Locale.ROOT, "%,d", before.memoryMb())).append(" MB |\n");
        md.append("| OS | ").append(before.os()).append(", kernel ").append(before.kernel()).append(" |\n");
        md.append("| JVM (harness and every measured process) | ").append(before.jvm()).append(", ")
                .append(options.jvmOptions.isEmpty() ? "default options" : "`" + String.join(" ", options.jvmOptions) + "`"
                        + (options.jvmOptions.equals(BenchMain.LAUNCHER_JVM_OPTIONS) ? " (those `bin/weave` sets)" : ""))
                .append(" |\n");
        md.append("| Load average (1 / 5 / 15 min) | before the run ").append(before.loadAverage()).append("; after it ")
                .append(after.loadAverage()).append(" |\n\n");
        List<Double> loads = results.stream().filter(m -> m.answer() != null && m.answer().fact("load1") != null)
                .map(m -> Double.parseDouble(m.answer().fact("load1"))).filter(d -> !Double.isNaN(d)).sorted().toList();
        if (!loads.isEmpty()) {
            md.append("1-minute load average as each of the ").append(loads.size()).append(" measurements ended: median ")
                    .append(String.format(Locale.ROOT, "%.1f", median(loads))).append(", lowest ")
                    .append(String.format(Locale.ROOT, "%.1f", loads.get(0))).append(", highest ")
                    .append(String.format(Locale.ROOT, "%.1f", loads.get(loads.size() - 1)))
                    .append(" (the benchmark's own servers and measured process account for about 1–2 of it).\n\n");
        }
        // The benchmark itself keeps 1-2 busy (servers, the measured process, the harness); more than that means
        // other work shared the cores. The load before the run still decays from whatever ran in the last minutes.
        if (before.load1() > 2.5 || (!loads.isEmpty() && median(loads) > 3)) {
            md.append("**The machine was not idle during this run**: load average ").append(before.loadAverage())
                    .append(" before it and a median of ").append(String.format(Locale.ROOT, "%.1f", median(loads)))
                    .append(" while it ran, above the 1–2 the benchmark makes itself, so other work shared the cores.")
                    .append(" Absolute times are slower and noisier than on an idle machine; the ratios less so, because")
                    .append(" each pair ran side by side, but single differences of ±30% between neighbouring runs are")
                    .append(" noise here.\n\n");
        }
    }

    private void versions(StringBuilder md) {
        md.append("## Versions\n\n| Tool or server | Version |\n| --- | --- |\n");
        md.append("| Weave | ").append(versions.getProperty("weave")).append(revision).append(" |\n");
        if (options.stores.contains(Store.POSTGRES)) {
            md.append("| Flyway (flyway-core + flyway-database-postgresql) | ").append(versions.getProperty("flyway")).append(" |\n");
        }
        if (options.stores.contains(Store.NEO4J)) {
            md.append("| neo4j-migrations | ").append(versions.getProperty("neo4j-migrations")).append(" |\n");
        }
        if (options.stores.contains(Store.ELASTICSEARCH)) {
            md.append("| elasticsearch-evolution | ").append(versions.getProperty("elasticsearch-evolution"))
                    .append(" (lock without painless, see below) |\n");
        }
        if (servers.postgres() != null) {
            md.append("| PostgreSQL server | ").append(servers.postgres()).append(" (zonky embedded binaries, fsync off) |\n");
        }
        if (servers.neo4j() != null) {
            md.append("| Neo4j server | ").append(servers.neo4j()).append(" (own process, heap 128–512 MB, page cache 64 MB) |\n");
        }
        if (servers.elasticsearch() != null) {
            md.append("| Elasticsearch server | ").append(servers.elasticsearch()).append(" (heap 256–512 MB) |\n");
        }
        md.append("| Clients shared by all tools | PostgreSQL JDBC ").append(versions.getProperty("postgresql-jdbc"))
                .append(", Neo4j Java driver ").append(versions.getProperty("neo4j-driver"))
                .append(", Elasticsearch low-level REST client ").append(versions.getProperty("elasticsearch-client")).append(" |\n\n");
    }

    /** " (commit abc1234, with uncommitted changes: a, b)" for the checkout the harness runs in; "" outside git. */
    static String gitRevision() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            if (p.waitFor() != 0 || out.isEmpty()) {
                return "";
            }
            Process s = new ProcessBuilder("git", "status", "--porcelain").redirectErrorStream(true).start();
            List<String> changed = new ArrayList<>();
            for (String line : new String(s.getInputStream().readAllBytes()).split("\n")) {
                if (line.length() > 3) {
                    changed.add(line.substring(3).strip());
                }
            }
            s.waitFor();
            return " (commit " + out + (changed.isEmpty() ? "" : ", with uncommitted changes in: " + String.join(", ", changed)) + ")";
        } catch (IOException | InterruptedException e) {
            return "";
        }
    }

    private static Properties versions() {
        Properties p = new Properties();
        try (InputStream in = Report.class.getResourceAsStream("versions.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // versions unknown
        }
        return p;
    }

    // ---- method

    private void method(StringBuilder md) {
        md.append("## What each number means\n\n");
        md.append("- **Sets**: ").append(joinInts(options.sizes)).append(" versioned files per store, generated once and read")
                .append(" by every tool as they are: PostgreSQL files create a table with an index (every 10th) or add a column")
                .append(" and insert a row (two statements); Neo4j files create a constraint or an index (2 in 100) or MERGE a")
                .append(" node and a relationship (two statements); Elasticsearch files are one request each — create one of at")
                .append(" most 10 indices, add a field to a mapping (every 10th), or write a small document — so 10,000 files make")
                .append(" 10 indices, not 10,000.\n");
        md.append("- **Fresh state for every run of every tool**: a new PostgreSQL database; the Neo4j graph emptied of nodes,")
                .append(" constraints and indexes; every non-system index of the Elasticsearch node deleted.\n");
        md.append("- **Operations**: *migrate from empty*; *no-op re-run* (migrate again: everything up to date — checked: it")
                .append(" applies nothing); *validate* and *info* on the full history (each checked: valid, everything applied).")
                .append(" After each migrate from empty the harness checks in the store that the tool really applied the set")
                .append(" (ledger entries, tables/rows, relationships/constraints, indices/documents).\n");
        md.append("- **One process per operation**: each measured operation runs in a child `java` process of its own (the")
                .append(" same classpath and JVM options for every tool: the ones `bin/weave` starts Weave with, unless the")
                .append(" machine row above says otherwise), so its time and memory are its own.")
                .append(" The main figure (ms) is the time inside that process from configuring the tool (its classes not yet")
                .append(" loaded) until its answer is back and its connection closed: what an application pays at start-up.")
                .append(" *incl. JVM* is the ratio of the whole child process, spawn to exit, for the same pairs — JVM start")
                .append(" and exit (~0.3–0.5 s) counted the same way for both tools, as a CLI user pays them. Validate and")
                .append(" info are also called a second time in the same process (*warm*: classes loaded, code compiled);")
                .append(" that second call is left out of the process time.\n");
        md.append("- **Peak RSS**: `VmHWM` of the child process (`/proc/<pid>/status`, read by the process itself when the")
                .append(" operation is done): the most resident memory it ever had, JVM included. Chosen over heap figures")
                .append(" because it is what the machine pays and it counts off-heap buffers and metaspace too, and over")
                .append(" `ru_maxrss` from the parent because Java cannot read a child's rusage. Default heap sizing (the serial")
                .append(" collector grows the heap when it must), so a tool that allocates or keeps more also grows it more.\n");
        md.append("- **Floor**: the same statements sent by a minimal client with no ledger, no lock, no checksum and no")
                .append(" parsing beyond splitting at `;` — plain JDBC with one transaction per file; the Neo4j driver with one")
                .append(" transaction per file; the low-level REST client, one request per file. *Weave over floor* = Weave's")
                .append(" migrate time / floor's − 1, pair by pair: what the bookkeeping costs.\n");
        md.append("- **Medians** of ").append(repsText()).append(" repetitions; *Weave / peer* is the median of the ratios of")
                .append(" pairs measured in the same repetition (tools take turns, the first one rotating).\n");
        md.append("- **Same conditions for every tool**: logging off for all (slf4j-nop; java.util.logging off), the same")
                .append(" clients and drivers on one classpath. Flyway, neo4j-migrations and elasticsearch-evolution run with")
                .append(" their defaults, except elasticsearch-evolution's `historyMaxQuerySize` = 10,000 (its default, 1,000,")
                .append(" refuses longer histories; 10,000 is the most one search may return).\n");
        md.append("- **elasticsearch-evolution's lock**: its lock and unlock use `_update_by_query` with a painless script;")
                .append(" the Elasticsearch build that runs here without Docker (the integ-test-zip) has neither module, and no")
                .append(" Elasticsearch 8 build of them is on Maven Central. The benchmark replaces exactly those two calls with")
                .append(" the same document changes made by plain requests (scroll, one `_bulk` of partial updates, a delete by id,")
                .append(" each with `refresh=true`); everything else is elasticsearch-evolution's own code. It has no validate or")
                .append(" info command (validation runs inside migrate), hence n/a.\n\n");
    }

    private String repsText() {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < options.sizes.size(); i++) {
            int reps = options.reps.get(Math.min(i, options.reps.size() - 1));
            parts.add(reps + " (" + String.format(Locale.ROOT, "%,d", options.sizes.get(i)) + " files)");
        }
        return String.join(", ", parts);
    }

    // ---- targets

    /** Issue 18's targets, each met or not with its figure; where the floor itself misses one, the floor's figure too. */
    private void targetsOfIssue18(StringBuilder md) {
        md.append("## Targets (issue 18)\n\n| Target | Measured | Met? |\n| --- | --- | --- |\n");
        List<Integer> sizes = options.sizes.stream().filter(n -> n == 1_000 || n == 10_000).toList();
        for (Store store : options.stores) {
            // migrate from empty: also the floor / peer, the least any tool with a ledger could reach
            List<String> parts = new ArrayList<>();
            boolean met = !sizes.isEmpty();
            for (int size : sizes) {
                double r = ratio(store, size, "migrate", Tool.PEER, a -> a.ms());
                double floor = ratio(store, size, "migrate", Tool.FLOOR, Tool.PEER, a -> a.ms());
                met &= r <= 0.5;
                parts.add(String.format(Locale.ROOT, "%,d: %s (the floor alone: %s)", size, fmtRatio(r), fmtRatio(floor)));
            }
            row(md, "Weave ≤ 0.5× " + store.peer + ", migrate from empty at 1,000 and 10,000", parts, met);
            parts = new ArrayList<>();
            met = !sizes.isEmpty();
            for (int size : sizes) {
                List<String> ops = new ArrayList<>();
                for (String op : List.of("noop", "validate", "info")) {
                    if (BenchMain.supports(store, Tool.PEER, op)) {
                        double r = ratio(store, size, op, Tool.PEER, a -> a.ms());
                        met &= r <= 0.6;
                        ops.add(label(op) + " " + fmtRatio(r));
                    }
                }
                parts.add(String.format(Locale.ROOT, "%,d: ", size) + String.join(", ", ops));
            }
            row(md, "Weave ≤ 0.6× " + store.peer + ", no-op re-run, validate and info"
                    + (BenchMain.supports(store, Tool.PEER, "validate") ? "" : " (the peer has only the no-op re-run)"), parts, met);
        }
        for (Store store : options.stores) {
            double over = ratio(store, 1_000, "migrate", Tool.FLOOR, a -> a.ms()) - 1;
            row(md, store.title + ": ledger overhead ≤ 10% over the floor at 1,000",
                    Double.isNaN(over) ? List.of() : List.of(fmtPercent(over)), over <= 0.10);
        }
        for (Store store : options.stores) {
            // the most any of Weave's four operations held, each the median over its repetitions
            double weave = Double.NaN;
            double peer = Double.NaN;
            for (String op : BenchMain.OPERATIONS) {
                weave = max(weave, median(store, 10_000, Tool.WEAVE, op, a -> a.hwmKb() / 1024.0));
                peer = max(peer, median(store, 10_000, Tool.PEER, op, a -> a.hwmKb() / 1024.0));
            }
            row(md, store.title + ": peak RSS at 10,000 files ≤ 256 MB (Weave's highest of its four operations)",
                    Double.isNaN(weave) ? List.of() : List.of(String.format(Locale.ROOT, "%,.0f MB (%s: %,.0f MB)", weave,
                            store.peer, peer)), weave <= 256);
        }
        double all = allMedian("migrate-all", a -> a.ms());
        double slowest = slowestSingle();
        double cpu = 0;
        for (Store s : Store.values()) {
            cpu += allMedian("single-" + s.id, Report::machineCpuMs);
        }
        row(md, String.format(Locale.ROOT, "migrate-all ≤ 1.1× the slowest single store (%,d files each)", options.allSize),
                Double.isNaN(all / slowest) ? List.of() : List.of(String.format(Locale.ROOT,
                        "%s× (%s ms vs %s ms); the CPU the three need, spread over %d cores: %s×", fmtRatio(all / slowest),
                        fmtMs(all), fmtMs(slowest), before.cores(), fmtRatio(cpu / before.cores() / slowest))),
                all / slowest <= 1.1);
        if (fanOut != null) {
            FanOutBench.targetRows(fanOut, md, "Fan-out: ");
        } else {
            md.append("| Fan-out (1,000 tenants) | not measured in this run | — |\n");
        }
        if (start != null) {
            StartBench.Row version = start.rows().get(0);
            row(md, "CLI start: `weave --version` ≤ 0.25 s (median)", List.of(String.format(Locale.ROOT, "%.3f s",
                    version.median() / 1000)), version.median() <= StartBench.TARGET_MS);
        } else {
            md.append("| CLI start: `weave --version` ≤ 0.25 s | not measured in this run | — |\n");
        }
        md.append('\n');
    }

    private static void row(StringBuilder md, String target, List<String> measured, boolean met) {
        md.append("| ").append(target).append(" | ").append(measured.isEmpty() ? "not measured" : String.join("; ", measured))
                .append(" | ").append(measured.isEmpty() ? "—" : met ? "yes" : "**no**").append(" |\n");
    }

    private static double max(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
    }

    private void targets(StringBuilder md) {
        md.append("## Targets of issue 7 (the first benchmark), still checked\n\n| Target | Measured | Met? |\n| --- | --- | --- |\n");
        // 1. faster than each peer
        for (Store store : options.stores) {
            List<String> parts = new ArrayList<>();
            boolean met = true;
            boolean any = false;
            for (int size : List.of(1_000, 10_000)) {
                if (!options.sizes.contains(size)) {
                    continue;
                }
                List<String> ops = new ArrayList<>();
                for (String op : BenchMain.OPERATIONS) {
                    if (!BenchMain.supports(store, Tool.PEER, op)) {
                        continue;
                    }
                    double r = ratio(store, size, op, Tool.PEER, a -> a.ms());
                    if (Double.isNaN(r)) {
                        ops.add(label(op) + " —");
                        if (peerFailed(store, size, op)) {
                            continue; // a peer that cannot do it is not faster
                        }
                        met = false;
                        continue;
                    }
                    any = true;
                    met &= r < 1.0;
                    ops.add(label(op) + " " + fmtRatio(r));
                }
                parts.add(String.format(Locale.ROOT, "%,d: ", size) + String.join(", ", ops));
            }
            md.append("| Faster than ").append(store.peer).append(" (Weave / peer below 1.0 at 1,000 and 10,000) | ")
                    .append(parts.isEmpty() ? "not measured" : String.join("; ", parts)).append(" | ")
                    .append(parts.isEmpty() || !any ? "—" : met ? "yes" : "**no**").append(" |\n");
        }
        // 2. validate and info under 1 s at 10,000
        for (Store store : options.stores) {
            if (!options.sizes.contains(10_000)) {
                md.append("| ").append(store.title).append(": validate and info on 10,000 applied under 1 s | not measured | — |\n");
                continue;
            }
            double v = median(store, 10_000, Tool.WEAVE, "validate", a -> a.ms());
            double i = median(store, 10_000, Tool.WEAVE, "info", a -> a.ms());
            boolean met = v < 1000 && i < 1000;
            md.append("| ").append(store.title).append(": validate and info on 10,000 applied under 1 s | validate ")
                    .append(fmtMs(v)).append(" ms, info ").append(fmtMs(i)).append(" ms in a fresh JVM; warm ")
                    .append(fmtMs(median(store, 10_000, Tool.WEAVE, "validate", Report::warm))).append(" and ")
                    .append(fmtMs(median(store, 10_000, Tool.WEAVE, "info", Report::warm))).append(" ms | ")
                    .append(Double.isNaN(v) || Double.isNaN(i) ? "—" : met ? "yes" : "**no**").append(" |\n");
        }
        // 3. ledger overhead at 1,000
        for (Store store : options.stores) {
            if (!options.sizes.contains(1_000)) {
                md.append("| ").append(store.title).append(": ledger overhead under 20% above the floor at 1,000 | not measured | — |\n");
                continue;
            }
            double over = ratio(store, 1_000, "migrate", Tool.FLOOR, a -> a.ms()) - 1;
            md.append("| ").append(store.title).append(": ledger overhead under 20% above the floor at 1,000 | ")
                    .append(fmtPercent(over)).append(" | ").append(Double.isNaN(over) ? "—" : over < 0.20 ? "yes" : "**no**")
                    .append(" |\n");
        }
        // 4. migrate-all
        double all = allMedian("migrate-all", a -> a.ms());
        double slowest = slowestSingle();
        double r = all / slowest;
        md.append("| migrate-all within 1.2× the slowest single store (").append(String.format(Locale.ROOT, "%,d", options.allSize))
                .append(" files each) | ").append(Double.isNaN(r) ? "not measured"
                        : fmtMs(all) + " ms vs " + fmtMs(slowest) + " ms: " + fmtRatio(r) + "×")
                .append(" | ").append(Double.isNaN(r) ? "—" : r <= 1.2 ? "yes" : "**no**").append(" |\n\n");
    }

    private boolean peerFailed(Store store, int size, String op) {
        return results.stream().anyMatch(m -> m.store() == store && m.size() == size && m.tool() == Tool.PEER
                && m.operation().equals(op) && !m.ok());
    }

    // ---- per-store tables

    private void storeTable(StringBuilder md, Store store) {
        String peer = store.peer;
        md.append("## ").append(store.title).append(": Weave vs ").append(peer).append("\n\n");
        md.append("Median ms per operation (in-process; see above). Floor: ").append(switch (store) {
            case POSTGRES -> "plain JDBC";
            case NEO4J -> "the Neo4j Java driver";
            case ELASTICSEARCH -> "the low-level REST client";
        }).append(".\n\n");
        md.append("| Files | Operation | Weave ms | ").append(peer).append(" ms | Weave / ").append(peer)
                .append(" | incl. JVM | Floor ms | Weave over floor | Weave peak RSS | ").append(peer).append(" peak RSS |\n");
        md.append("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (int size : options.sizes) {
            for (String op : BenchMain.OPERATIONS) {
                boolean peerHas = BenchMain.supports(store, Tool.PEER, op);
                md.append("| ").append(String.format(Locale.ROOT, "%,d", size)).append(" | ").append(label(op)).append(" | ");
                md.append(cell(store, size, Tool.WEAVE, op, a -> a.ms(), true)).append(" | ");
                md.append(peerHas ? cell(store, size, Tool.PEER, op, a -> a.ms(), true) : "n/a").append(" | ");
                md.append(peerHas ? fmtRatio(ratio(store, size, op, Tool.PEER, a -> a.ms())) : "—").append(" | ");
                md.append(peerHas ? fmtRatio(ratio(store, size, op, Tool.PEER, a -> a.processMs())) : "—").append(" | ");
                if (op.equals("migrate")) {
                    md.append(cell(store, size, Tool.FLOOR, op, a -> a.ms(), true)).append(" | ");
                    md.append(fmtPercent(ratio(store, size, op, Tool.FLOOR, a -> a.ms()) - 1)).append(" | ");
                } else {
                    md.append("— | — | ");
                }
                md.append(cell(store, size, Tool.WEAVE, op, a -> a.hwmKb() / 1024.0, false)).append(" MB | ");
                md.append(peerHas ? cell(store, size, Tool.PEER, op, a -> a.hwmKb() / 1024.0, false) + " MB" : "n/a").append(" |\n");
            }
        }
        md.append('\n');
        md.append("Validate and info called a second time in the same JVM (warm: classes loaded, code compiled), median ms:\n\n");
        md.append("| Files | Operation | Weave warm ms | ").append(peer).append(" warm ms | Weave / ").append(peer).append(" |\n");
        md.append("| ---: | --- | ---: | ---: | ---: |\n");
        for (int size : options.sizes) {
            for (String op : List.of("validate", "info")) {
                boolean peerHas = BenchMain.supports(store, Tool.PEER, op);
                md.append("| ").append(String.format(Locale.ROOT, "%,d", size)).append(" | ").append(op).append(" | ")
                        .append(fmtMs(median(store, size, Tool.WEAVE, op, Report::warm))).append(" | ")
                        .append(peerHas ? fmtMs(median(store, size, Tool.PEER, op, Report::warm)) : "n/a").append(" | ")
                        .append(peerHas ? fmtRatio(ratio(store, size, op, Tool.PEER, Report::warm)) : "—").append(" |\n");
            }
        }
        md.append('\n');
        if (options.sizes.size() > 0) {
            md.append("Whole process (spawn to exit) for migrate from empty, median ms: ");
            List<String> parts = new ArrayList<>();
            for (int size : options.sizes) {
                parts.add(String.format(Locale.ROOT, "%,d files — Weave %s, %s %s, floor %s", size,
                        fmtMs(median(store, size, Tool.WEAVE, "migrate", a -> a.processMs())), peer,
                        fmtMs(median(store, size, Tool.PEER, "migrate", a -> a.processMs())),
                        fmtMs(median(store, size, Tool.FLOOR, "migrate", a -> a.processMs()))));
            }
            md.append(String.join("; ", parts)).append(".\n\n");
        }
    }

    private String cell(Store store, int size, Tool tool, String op, ToDoubleFunction<Child.Answer> f, boolean ms) {
        List<Measurement> all = select(store, size, tool, op);
        List<Measurement> ok = all.stream().filter(Measurement::ok).toList();
        if (all.isEmpty()) {
            return "—";
        }
        if (ok.isEmpty()) {
            return "failed" + footnote(all.get(0));
        }
        double m = median(ok.stream().mapToDouble(x -> f.applyAsDouble(x.answer())).boxed().toList());
        String v = ms ? fmtMs(m) : String.format(Locale.ROOT, "%,.0f", m);
        if (ok.size() < all.size()) {
            v += " (" + (all.size() - ok.size()) + " failed" + footnote(all.stream().filter(x -> !x.ok()).findFirst().orElseThrow()) + ")";
        }
        return v;
    }

    private String footnote(Measurement m) {
        String text = (m.store() == null ? "all stores" : m.store().title) + ", "
                + String.format(Locale.ROOT, "%,d", m.size()) + " files, " + (m.store() == null ? "Weave" : m.tool().label(m.store()))
                + ", " + label(m.operation()) + ", repetition " + m.rep() + ": " + m.error();
        int index = failures.indexOf(text);
        if (index < 0) {
            failures.add(text);
            index = failures.size() - 1;
        }
        return " [" + (index + 1) + "]";
    }

    // ---- migrate-all

    private void migrateAll(StringBuilder md) {
        List<Measurement> all = results.stream().filter(m -> m.store() == null).toList();
        if (all.isEmpty()) {
            return;
        }
        md.append("## migrate-all vs one store after another\n\n");
        md.append(String.format(Locale.ROOT, "%,d", options.allSize)).append(" files per store, ").append(options.allReps)
                .append(" repetitions, each on fresh stores. *Alone*: one store migrated by Weave in its own process;")
                .append(" *one after another*: the three migrated in turn by one Weave in one process;")
                .append(" *migrate-all*: `Weave.migrateAll` (targets in parallel, default `--parallel 4`) in one process.\n\n");
        md.append("*Machine CPU s*: CPU time the whole machine spent busy during the run (all cores, servers and Weave"
                + " together, from `/proc/stat`).\n\n");
        md.append("| Run | Median ms | PostgreSQL ms | Neo4j ms | Elasticsearch ms | Machine CPU s |\n"
                + "| --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (Store s : Store.values()) {
            md.append("| ").append(s.title).append(" alone | ").append(fmtMs(allMedian("single-" + s.id, a -> a.ms())))
                    .append(" | | | | ").append(fmtSeconds(allMedian("single-" + s.id, Report::machineCpuMs))).append(" |\n");
        }
        for (String mode : List.of("sequential", "migrate-all")) {
            md.append("| ").append(mode.equals("sequential") ? "one after another" : "migrate-all").append(" | ")
                    .append(fmtMs(allMedian(mode, a -> a.ms())));
            for (Store s : Store.values()) {
                String key = "ms." + Operations.targetName(s);
                md.append(" | ").append(fmtMs(allMedian(mode, a -> a.fact(key) == null ? Double.NaN : Double.parseDouble(a.fact(key)))));
            }
            md.append(" | ").append(fmtSeconds(allMedian(mode, Report::machineCpuMs))).append(" |\n");
        }
        double slowest = slowestSingle();
        double sequential = allMedian("sequential", a -> a.ms());
        double parallel = allMedian("migrate-all", a -> a.ms());
        md.append("\nmigrate-all / slowest store alone: **").append(fmtRatio(parallel / slowest))
                .append("×**; migrate-all / one after another: **").append(fmtRatio(parallel / sequential)).append("×**.\n\n");
        double cpu = 0;
        for (Store s : Store.values()) {
            cpu += allMedian("single-" + s.id, Report::machineCpuMs);
        }
        if (!Double.isNaN(cpu)) {
            // the three stores' work cannot finish sooner than the CPU it needs spread over every core
            double floor = cpu / before.cores();
            md.append("The three stores alone needed ").append(fmtSeconds(cpu)).append(" s of CPU together; on ")
                    .append(before.cores()).append(" cores no schedule finishes them in less than ").append(fmtMs(floor))
                    .append(" ms, which is ").append(fmtRatio(floor / slowest)).append("× the slowest store alone.\n\n");
        }
        for (Measurement m : all) {
            if (!m.ok()) {
                footnote(m);
            }
        }
    }

    private static double machineCpuMs(Child.Answer a) {
        String v = a.fact("machineCpuMs");
        return v == null ? Double.NaN : Double.parseDouble(v);
    }

    private static String fmtSeconds(double ms) {
        return Double.isNaN(ms) ? "—" : String.format(Locale.ROOT, "%.1f", ms / 1000);
    }

    private double slowestSingle() {
        double max = Double.NaN;
        for (Store s : Store.values()) {
            double v = allMedian("single-" + s.id, a -> a.ms());
            if (Double.isNaN(max) || v > max) {
                max = v;
            }
        }
        return max;
    }

    private double allMedian(String op, ToDoubleFunction<Child.Answer> f) {
        return median(results.stream().filter(m -> m.store() == null && m.operation().equals(op) && m.ok())
                .map(m -> f.applyAsDouble(m.answer())).filter(d -> !Double.isNaN(d)).toList());
    }

    // ---- failures and notes

    private void failures(StringBuilder md) {
        if (failures.isEmpty()) {
            return;
        }
        md.append("## Failures\n\n");
        for (int i = 0; i < failures.size(); i++) {
            md.append(i + 1).append(". ").append(failures.get(i).replace("|", "\\|")).append('\n');
        }
        md.append('\n');
    }

    private void notes(StringBuilder md) {
        Path notes = options.notes;
        if (notes == null || !Files.isRegularFile(notes)) {
            return;
        }
        try {
            md.append(Files.readString(notes).strip()).append('\n');
        } catch (IOException ignored) {
            // no notes
        }
    }

    // ---- statistics

    static double warm(Child.Answer a) {
        String w = a.fact("warmMs");
        return w == null ? Double.NaN : Double.parseDouble(w);
    }

    private List<Measurement> select(Store store, int size, Tool tool, String op) {
        return results.stream().filter(m -> m.store() == store && m.size() == size && m.tool() == tool
                && m.operation().equals(op)).toList();
    }

    private double median(Store store, int size, Tool tool, String op, ToDoubleFunction<Child.Answer> f) {
        return median(select(store, size, tool, op).stream().filter(Measurement::ok)
                .map(m -> f.applyAsDouble(m.answer())).toList());
    }

    /** Median over repetitions of Weave's value / the other tool's, both from the same repetition. */
    private double ratio(Store store, int size, String op, Tool other, ToDoubleFunction<Child.Answer> f) {
        return ratio(store, size, op, Tool.WEAVE, other, f);
    }

    /** Median over repetitions of one tool's value / another's, both from the same repetition. */
    private double ratio(Store store, int size, String op, Tool one, Tool other, ToDoubleFunction<Child.Answer> f) {
        List<Double> ratios = new ArrayList<>();
        for (Measurement w : select(store, size, one, op)) {
            if (!w.ok()) {
                continue;
            }
            for (Measurement o : select(store, size, other, op)) {
                if (o.ok() && o.rep() == w.rep()) {
                    ratios.add(f.applyAsDouble(w.answer()) / f.applyAsDouble(o.answer()));
                }
            }
        }
        return median(ratios);
    }

    static double median(List<Double> values) {
        List<Double> v = new ArrayList<>(values.stream().filter(Objects::nonNull).filter(d -> !Double.isNaN(d)).toList());
        if (v.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(v);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    static String label(String op) {
        return switch (op) {
            case "migrate" -> "migrate from empty";
            case "noop" -> "no-op re-run";
            default -> op;
        };
    }

    static String fmtMs(double ms) {
        if (Double.isNaN(ms)) {
            return "—";
        }
        return ms < 100 ? String.format(Locale.ROOT, "%.1f", ms) : String.format(Locale.ROOT, "%,.0f", ms);
    }

    static String fmtRatio(double r) {
        return Double.isNaN(r) ? "—" : String.format(Locale.ROOT, "%.2f", r);
    }

    static String fmtPercent(double r) {
        return Double.isNaN(r) ? "—" : String.format(Locale.ROOT, "%+.0f%%", r * 100);
    }

    private static String joinInts(List<Integer> ints) {
        List<String> s = new ArrayList<>();
        ints.forEach(i -> s.add(String.format(Locale.ROOT, "%,d", i)));
        return String.join(", ", s);
    }
}
