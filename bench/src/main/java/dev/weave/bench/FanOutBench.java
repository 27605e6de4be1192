package dev.weave.bench;

import dev.weave.api.MigrateAllOptions;
import dev.weave.api.MigrateAllResult;
import dev.weave.api.ProgressListener;
import dev.weave.api.TargetConfig;
import dev.weave.api.WeaveConfig;
import dev.weave.core.Weave;
import org.flywaydb.core.Flyway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Multi-tenant fan-out (issue 18): N PostgreSQL tenant databases × 20 migrations, measured three ways on the same
 * server, each on freshly created databases:
 * <ul>
 *   <li>Weave: one {@code migrateAll} over a fan-out target ({@code databases: tenant_*}, listed from the server),
 *       default parallelism, in one child JVM;</li>
 *   <li>Flyway: a loop over the same databases in one child JVM, one {@code Flyway.configure()…migrate()} each
 *       (the fastest honest use of Flyway for many databases: no JVM per tenant);</li>
 *   <li>a loop of {@code weave db migrate tenant --database <db>} processes (the real CLI, one JVM each), timed on a
 *       sample of the tenants and scaled to N, since a process per tenant is what that loop costs.</li>
 * </ul>
 * Then crash and resume: Weave's run is SIGKILLed once half the tenants are done (the event: the child reports
 * each finished tenant on stdout), started again, and the ledgers and effects of every tenant are checked: each
 * tenant has its 20 ledger rows and 20 effect rows once, the tenants finished before the kill keep their ledger
 * untouched, and the second run applied exactly what was missing.
 */
final class FanOutBench {

    static final int MIGRATIONS = 20;
    static final String PREFIX = "tenant_";

    private final Servers servers;
    private final Child child;
    private final Path work;
    private final String classpath;
    private final List<String> jvmOptions;

    FanOutBench(Servers servers, Child child, Path work, String classpath, List<String> jvmOptions) {
        this.servers = servers;
        this.child = child;
        this.work = work;
        this.classpath = classpath;
        this.jvmOptions = jvmOptions;
    }

    /** One tool's run over the tenants: time (in-process unless said), peak RSS, migrations applied. */
    record Row(String what, int tenants, double ms, double processMs, long hwmKb, long liveHeapBytes, long applied,
               String note) {
    }

    /** What the crash-and-resume run found. */
    record Resume(int tenants, int doneAtKill, long appliedBeforeKill, double killedAfterMs, double resumeMs,
                  long resumeHwmKb, long appliedOnResume, boolean untouched, boolean complete) {
    }

    record Result(List<Row> rows, Resume resume, int sample) {
    }

    Result run(int tenants, int sample) throws Exception {
        Path dir = generate(work.resolve("fanout").resolve("tenant"));
        List<Row> rows = new ArrayList<>();
        int small = Math.max(1, tenants / 10);
        // the smaller run first gives the slope (time and memory per tenant) for the cost model of 10,000
        rows.add(weave(dir, small));
        rows.add(weave(dir, tenants));
        rows.add(flyway(dir, tenants));
        rows.add(floor(dir, tenants));
        rows.add(processLoop(dir, tenants, Math.min(sample, tenants)));
        Resume resume = killAndResume(dir, tenants);
        return new Result(rows, resume, Math.min(sample, tenants));
    }

    // ---- the three ways

    private Row weave(Path dir, int tenants) throws Exception {
        return inOneJvm("Weave `migrate-all` over the group (parallel 4, one JVM)", "weave", "migrate-all", dir, tenants,
                "weave_schema_history");
    }

    private Row flyway(Path dir, int tenants) throws Exception {
        return inOneJvm("Flyway, a loop in one JVM (one `Flyway.configure()…migrate()` per tenant)", "peer",
                "migrate-loop", dir, tenants, "flyway_schema_history");
    }

    /** The same statements with plain JDBC, 4 tenants at a time as Weave: no ledger, no lock, no checksum. */
    private Row floor(Path dir, int tenants) throws Exception {
        return inOneJvm("floor: plain JDBC, 4 tenants at a time, one transaction per file, no ledger", "floor",
                "migrate-loop", dir, tenants, null);
    }

    /** One child JVM over freshly made tenants; every tenant checked afterwards ({@code ledger}: null for none). */
    private Row inOneJvm(String label, String tool, String operation, Path dir, int tenants, String ledger)
            throws Exception {
        List<String> names = createTenants(tenants);
        try {
            Child.Answer a = child.run(connections(), tool, "fanout", operation, List.of(dir));
            check(a, label);
            verifyAll(names, ledger);
            return new Row(label, tenants, a.ms(), a.processMs(), a.hwmKb(), live(a), Long.parseLong(a.fact("applied")), "");
        } finally {
            dropTenants(names);
        }
    }

    /** The CLI once per tenant, spawn to exit, on the first {@code sample} tenants; the total scaled to all. */
    private Row processLoop(Path dir, int tenants, int sample) throws Exception {
        List<String> names = createTenants(sample);
        Path project = work.resolve("fanout").resolve("project");
        Generator.deleteTree(project);
        Files.createDirectories(project.resolve(".weave/migrations"));
        Connections c = connections();
        Files.writeString(project.resolve("weave.yaml"), "targets:\n  tenant:\n    store: postgres\n    folder: "
                + dir.toAbsolutePath() + "\n    settings: { host: " + c.pgHost() + ", port: " + c.pgPort() + ", user: "
                + c.pgUser() + " }\n");
        double total = 0;
        try {
            for (String name : names) {
                List<String> command = new ArrayList<>();
                command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                command.addAll(jvmOptions);
                command.addAll(List.of("-cp", classpath, "dev.weave.cli.WeaveCli", "db", "migrate", "tenant",
                        "--database", name));
                ProcessBuilder pb = new ProcessBuilder(command).directory(project.toFile())
                        .redirectErrorStream(true).redirectOutput(work.resolve("logs").resolve("fanout-cli.log").toFile());
                pb.environment().put("POSTGRES_PASSWORD", c.pgPassword());
                long t0 = System.nanoTime();
                Process p = pb.start();
                p.getOutputStream().close();
                if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    throw new IllegalStateException("weave db migrate tenant --database " + name + " failed; see "
                            + work.resolve("logs").resolve("fanout-cli.log"));
                }
                total += (System.nanoTime() - t0) / 1_000_000.0;
            }
            verifyAll(names, "weave_schema_history");
        } finally {
            dropTenants(names);
        }
        return new Row("a loop of `weave db migrate tenant --database <db>` processes", tenants,
                Double.NaN, total / sample * tenants, -1, -1, (long) sample * MIGRATIONS,
                "timed on " + sample + " tenants (" + String.format("%,.0f", total / sample) + " ms each, spawn to exit),"
                        + " scaled to " + String.format("%,d", tenants));
    }

    // ---- crash and resume

    private Resume killAndResume(Path dir, int tenants) throws Exception {
        List<String> names = createTenants(tenants);
        try {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.addAll(List.of("-cp", classpath, ChildMain.class.getName(), "weave", "fanout", "migrate-all",
                    dir.toString()));
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectError(work.resolve("logs").resolve("fanout-killed.log").toFile());
            pb.environment().putAll(connections().toEnvironment());
            long t0 = System.nanoTime();
            Process p = pb.start();
            p.getOutputStream().close();
            int done = 0;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("BENCH-TENANT-DONE ") && ++done >= tenants / 2) {
                        p.destroyForcibly(); // SIGKILL: no shutdown hook, no unlock, mid-migration on other tenants
                        break;
                    }
                }
            }
            p.waitFor(1, TimeUnit.MINUTES);
            double killedAfter = (System.nanoTime() - t0) / 1_000_000.0;
            if (done < tenants / 2) {
                throw new IllegalStateException("the run ended before half the tenants were done; see "
                        + work.resolve("logs").resolve("fanout-killed.log"));
            }
            Map<String, List<String>> before = ledgers(names);
            int doneAtKill = 0;
            long appliedBefore = 0;
            for (List<String> rows : before.values()) {
                appliedBefore += rows.size();
                if (rows.size() == MIGRATIONS) {
                    doneAtKill++;
                }
            }
            Child.Answer a = child.run(connections(), "weave", "fanout", "migrate-all", List.of(dir));
            check(a, "Weave fan-out after the kill");
            Map<String, List<String>> after = ledgers(names);
            boolean untouched = true;
            for (Map.Entry<String, List<String>> e : before.entrySet()) {
                List<String> now = after.get(e.getKey());
                // a tenant's rows from before the kill are still there unchanged (same rank, version, time)
                untouched &= now.subList(0, Math.min(now.size(), e.getValue().size())).equals(e.getValue());
            }
            boolean complete = verifyAll(names, "weave_schema_history");
            long appliedOnResume = Long.parseLong(a.fact("applied"));
            if (appliedOnResume + appliedBefore != (long) tenants * MIGRATIONS || !untouched) {
                throw new IllegalStateException("resume redid or lost work: " + appliedBefore + " applied before the"
                        + " kill, " + appliedOnResume + " after, of " + tenants * MIGRATIONS + "; untouched " + untouched);
            }
            return new Resume(tenants, doneAtKill, appliedBefore, killedAfter, a.ms(), a.hwmKb(), appliedOnResume,
                    untouched, complete);
        } finally {
            dropTenants(names);
        }
    }

    /** Each tenant's ledger rows (rank, version, installed_on), none for a tenant without a ledger yet. */
    private Map<String, List<String>> ledgers(List<String> names) throws SQLException {
        Map<String, List<String>> all = new LinkedHashMap<>();
        for (String name : names) {
            List<String> rows = new ArrayList<>();
            try (Connection c = open(name); Statement st = c.createStatement()) {
                try (ResultSet exists = st.executeQuery("SELECT to_regclass('weave_schema_history') IS NOT NULL")) {
                    exists.next();
                    if (exists.getBoolean(1)) {
                        try (ResultSet rs = st.executeQuery("SELECT installed_rank, version, installed_on, success"
                                + " FROM weave_schema_history ORDER BY installed_rank")) {
                            while (rs.next()) {
                                if (!rs.getBoolean(4)) {
                                    throw new IllegalStateException(name + ": a failed ledger row after SIGKILL");
                                }
                                rows.add(rs.getInt(1) + "|" + rs.getString(2) + "|" + rs.getTimestamp(3));
                            }
                        }
                    }
                }
            }
            all.put(name, rows);
        }
        return all;
    }

    // ---- child side (ChildMain → Operations → here)

    static Map<String, String> childOperation(Tool tool, String operation, List<Path> dirs, Connections c)
            throws Exception {
        Path dir = dirs.get(0);
        if (tool == Tool.WEAVE && operation.equals("migrate-all")) {
            TargetConfig group = new TargetConfig("tenants", "postgres", dir, Map.of("host", c.pgHost(),
                    "port", String.valueOf(c.pgPort()), "user", c.pgUser(), "password", c.pgPassword()), false,
                    List.of(PREFIX + "*"));
            Map<String, AtomicInteger> appliedPerTenant = new ConcurrentHashMap<>();
            ProgressListener listener = new ProgressListener() {
                @Override
                public void applied(String target, String label, long millis) {
                    if (appliedPerTenant.computeIfAbsent(target, t -> new AtomicInteger()).incrementAndGet() == MIGRATIONS) {
                        synchronized (System.out) {
                            System.out.println("BENCH-TENANT-DONE " + target);
                            System.out.flush();
                        }
                    }
                }
            };
            Weave weave = Weave.create(WeaveConfig.builder().location(dir.getParent()).environment(Map.of())
                    .target(group).build()).withListener(listener);
            MigrateAllResult r = weave.migrateAll(MigrateAllOptions.defaults());
            long applied = 0;
            for (MigrateAllResult.TargetRun run : r.targets()) {
                Operations.require(run.status() == MigrateAllResult.Status.APPLIED
                        || run.status() == MigrateAllResult.Status.UP_TO_DATE, run.target() + " ended " + run.status()
                        + ": " + run.error());
                applied += run.applied().size();
            }
            return Map.of("applied", String.valueOf(applied), "targets", String.valueOf(r.targets().size()));
        }
        if (tool == Tool.PEER && operation.equals("migrate-loop")) {
            long applied = 0;
            for (String name : tenantNames(c)) {
                Flyway flyway = Flyway.configure()
                        .dataSource(c.withPgDatabase(name).jdbcUrl(), c.pgUser(), c.pgPassword())
                        .locations("filesystem:" + dir)
                        .load();
                applied += flyway.migrate().migrationsExecuted;
            }
            return Map.of("applied", String.valueOf(applied));
        }
        if (tool == Tool.FLOOR && operation.equals("migrate-loop")) {
            // the single-store floor, once per tenant, 4 tenants at a time as Weave runs them
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                List<java.util.concurrent.Future<Map<String, String>>> done = new ArrayList<>();
                for (String name : tenantNames(c)) {
                    done.add(pool.submit(() -> Operations.floorPostgres(dir, c.withPgDatabase(name))));
                }
                long applied = 0;
                for (java.util.concurrent.Future<Map<String, String>> f : done) {
                    applied += Long.parseLong(f.get().get("applied"));
                }
                return Map.of("applied", String.valueOf(applied));
            } finally {
                pool.shutdownNow();
            }
        }
        throw new IllegalArgumentException("fanout: " + tool + " " + operation);
    }

    /** The tenant databases on the server, as Flyway users list them before their loop. */
    private static List<String> tenantNames(Connections c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection conn = DriverManager.getConnection(c.withPgDatabase("postgres").jdbcUrl(), c.pgUser(), c.pgPassword());
             Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE '" + PREFIX
                     + "%' ORDER BY datname")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    // ---- tenants and their migrations

    /**
     * 20 migrations as a tenant schema grows: tables with a key and an index, columns added, a row in
     * {@code effects} per migration (keyed by version, so a migration run twice fails instead of passing).
     */
    static Path generate(Path dir) throws IOException {
        Generator.deleteTree(dir);
        Files.createDirectories(dir);
        for (int v = 1; v <= MIGRATIONS; v++) {
            StringBuilder sql = new StringBuilder();
            if (v == 1) {
                sql.append("CREATE TABLE effects (version int PRIMARY KEY, at timestamptz NOT NULL DEFAULT now());\n");
            }
            if (v % 4 == 1) {
                sql.append("CREATE TABLE t").append(v).append(" (id bigserial PRIMARY KEY, name text NOT NULL,")
                        .append(" created timestamptz NOT NULL DEFAULT now());\n")
                        .append("CREATE INDEX t").append(v).append("_name ON t").append(v).append(" (name);\n");
            } else {
                int table = v - (v - 1) % 4;
                sql.append("ALTER TABLE t").append(table).append(" ADD COLUMN c").append(v).append(" text;\n");
            }
            sql.append("INSERT INTO effects (version) VALUES (").append(v).append(");\n");
            Files.writeString(dir.resolve("V" + v + "__tenant_step_" + v + ".sql"), sql);
        }
        return dir;
    }

    private List<String> createTenants(int n) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = open("postgres"); Statement st = c.createStatement()) {
            for (int i = 1; i <= n; i++) {
                String name = String.format("%s%05d", PREFIX, i);
                st.execute("DROP DATABASE IF EXISTS " + name);
                st.execute("CREATE DATABASE " + name);
                names.add(name);
            }
        }
        return Collections.unmodifiableList(names);
    }

    private void dropTenants(List<String> names) throws SQLException {
        try (Connection c = open("postgres"); Statement st = c.createStatement()) {
            for (String name : names) {
                st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        }
    }

    /**
     * Every tenant has all 20 migrations applied, each once: {@code effects} holds versions 1..20 (its key refuses
     * a second insert) and the tool's ledger, if it has one, 20 successful versioned rows.
     */
    private boolean verifyAll(List<String> names, String ledger) throws SQLException {
        for (String name : names) {
            try (Connection c = open(name); Statement st = c.createStatement()) {
                try (ResultSet rs = st.executeQuery("SELECT count(*), min(version), max(version) FROM effects")) {
                    rs.next();
                    if (rs.getInt(1) != MIGRATIONS || rs.getInt(2) != 1 || rs.getInt(3) != MIGRATIONS) {
                        throw new IllegalStateException(name + ": effects " + rs.getInt(1) + " rows");
                    }
                }
                if (ledger == null) {
                    continue;
                }
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + ledger + " WHERE success AND version IS NOT NULL")) {
                    rs.next();
                    if (rs.getInt(1) != MIGRATIONS) {
                        throw new IllegalStateException(name + ": " + ledger + " has " + rs.getInt(1) + " rows");
                    }
                }
            }
        }
        return true;
    }

    private Connection open(String database) throws SQLException {
        Connections c = connections();
        return DriverManager.getConnection(c.withPgDatabase(database).jdbcUrl(), c.pgUser(), c.pgPassword());
    }

    private Connections connections() {
        return servers.connections("postgres");
    }

    private static long live(Child.Answer a) {
        String v = a.fact("liveHeapBytes");
        return v == null ? -1 : Long.parseLong(v);
    }

    private static void check(Child.Answer a, String what) {
        if (!a.ok()) {
            throw new IllegalStateException(what + " failed: " + a.error());
        }
    }

    // ---- the report's section

    /**
     * The fan-out section of the report: the ways side by side, crash and resume, 10,000 on paper; its targets too
     * when {@code withTargets} (a full report has them in its targets table instead).
     */
    static String markdown(Result r, boolean withTargets) {
        StringBuilder md = new StringBuilder("## Fan-out: many PostgreSQL tenant databases\n\n");
        Row small = r.rows().get(0);
        Row weave = r.rows().get(1);
        md.append(String.format("%,d tenant databases × %d migrations (tables with a key and an index, added columns,"
                + " a row per migration), each way on freshly created databases of one server; times from the tool's"
                + " configuration to its answer in its own JVM (*process* adds the JVM start and exit). %s%n%n",
                weave.tenants(), MIGRATIONS, "Weave's group is `databases: tenant_*`, listed from the server at start."));
        md.append("| Way | Tenants | Time | Process | Per tenant | Peak RSS | Live heap at the end | Applied |\n"
                + "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Row row : r.rows()) {
            double time = Double.isNaN(row.ms()) ? row.processMs() : row.ms();
            md.append("| ").append(row.what()).append(row.note().isEmpty() ? "" : " — " + row.note()).append(" | ")
                    .append(String.format("%,d", row.tenants())).append(" | ")
                    .append(Double.isNaN(row.ms()) ? "—" : Report.fmtMs(row.ms()) + " ms").append(" | ")
                    .append(Report.fmtMs(row.processMs())).append(" ms | ")
                    .append(String.format("%,.1f ms", time / row.tenants())).append(" | ")
                    .append(row.hwmKb() > 0 ? (row.hwmKb() / 1024) + " MB" : "—").append(" | ")
                    .append(row.liveHeapBytes() > 0 ? String.format("%.1f MB", row.liveHeapBytes() / 1048576.0) : "—")
                    .append(" | ")
                    .append(String.format("%,d", row.applied())).append(" |\n");
        }
        if (withTargets) {
            md.append("\n| Target (issue 18) | Measured | Met? |\n| --- | --- | --- |\n");
            targetRows(r, md, "");
        } else {
            md.append("\nIts targets (0.2× the Flyway loop, 512 MB, kill and resume) are in the targets table at the top.\n");
        }
        // the cost model: the slope between the small and the full run
        double msPerTenant = (weave.ms() - small.ms()) / (weave.tenants() - small.tenants());
        double fixedMs = weave.ms() - msPerTenant * weave.tenants();
        double liveKbPerTenant = (weave.liveHeapBytes() - small.liveHeapBytes()) / 1024.0
                / (weave.tenants() - small.tenants());
        md.append(String.format("%n**10,000 tenants on paper** (from the slope between %,d and %,d tenants): %.1f ms per"
                + " tenant after a fixed %s ms, so about %s s for 10,000. Memory: the heap still in use at the end (after a"
                + " full GC, results included) was %.1f MB at %,d tenants and %.1f MB at %,d (%.1f KB per tenant), so"
                + " about %.0f MB at 10,000; the rest of the peak RSS (%d and"
                + " %d MB) is the JVM itself and the young generation filled between two collections, not data kept"
                + " per tenant; `-Xmx` bounds it. Connections: one per tenant"
                + " being migrated, at most 4 at once (`--parallel`), plus one while the group is listed, so the"
                + " server's `max_connections` is not a limit; threads: one per running or waiting target.%n%n",
                small.tenants(), weave.tenants(), msPerTenant, Report.fmtMs(fixedMs),
                Report.fmtMs((fixedMs + msPerTenant * 10_000) / 1000), small.liveHeapBytes() / 1048576.0, small.tenants(),
                weave.liveHeapBytes() / 1048576.0, weave.tenants(), liveKbPerTenant,
                (weave.liveHeapBytes() / 1024.0 + liveKbPerTenant * (10_000 - weave.tenants())) / 1024,
                small.hwmKb() / 1024, weave.hwmKb() / 1024));
        return md.toString();
    }

    /** The fan-out's rows of a targets table: its time against the Flyway loop, its memory, crash and resume. */
    static void targetRows(Result r, StringBuilder md, String prefix) {
        Row weave = r.rows().get(1);
        Row flyway = r.rows().get(2);
        Row floor = r.rows().get(3);
        Row loop = r.rows().get(4);
        double vsFlyway = weave.processMs() / flyway.processMs();
        double vsLoop = weave.processMs() / loop.processMs();
        md.append(String.format("| " + prefix + "Weave ≤ 0.2× the Flyway loop | %.2f× (%s ms vs %s ms, process to process) | %s |%n",
                vsFlyway, Report.fmtMs(weave.processMs()), Report.fmtMs(flyway.processMs()), vsFlyway <= 0.2 ? "yes" : "**no**"));
        md.append(String.format("| " + prefix + "(for comparison) Weave vs a loop of `weave db migrate` processes | %.2f× | — |%n", vsLoop));
        md.append(String.format("| " + prefix + "(the floor) plain JDBC vs the Flyway loop; Weave over the floor | %.2f×; %+.0f%% | — |%n",
                floor.processMs() / flyway.processMs(), (weave.ms() / floor.ms() - 1) * 100));
        md.append(String.format("| " + prefix + "Peak RSS ≤ 512 MB | %d MB | %s |%n", weave.hwmKb() / 1024,
                weave.hwmKb() / 1024 <= 512 ? "yes" : "**no**"));
        Resume k = r.resume();
        md.append(String.format("| " + prefix + "Killed half-way and started again: finishes the rest, redoes no tenant | SIGKILL after %,d"
                + " of %,d tenants reported done (%s ms in); then %,d tenants complete, %,d migrations in the ledgers; the"
                + " second run applied %,d (= %,d − %,d) in %s ms; every ledger row from before the kill unchanged,"
                + " every tenant 20 effect rows once | %s |%n", k.tenants() / 2, k.tenants(),
                Report.fmtMs(k.killedAfterMs()), k.doneAtKill(), k.appliedBeforeKill(), k.appliedOnResume(),
                (long) k.tenants() * MIGRATIONS, k.appliedBeforeKill(), Report.fmtMs(k.resumeMs()),
                k.untouched() && k.complete() ? "yes" : "**no**"));
    }
}
