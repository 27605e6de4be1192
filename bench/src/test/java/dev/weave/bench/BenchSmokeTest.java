package dev.weave.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark in small: 10 migrations per store, one repetition, every tool on the real servers, each in its own
 * process (Weave: migrate, re-run, validate, info; the peers: migrate and re-run; the floor: migrate), then
 * migrate-all. The harness checks in each store that every tool really applied the set (ledger
 * entries, tables and rows, relationships and constraints, indices and documents) and that a re-run applies
 * nothing; a check that fails marks the measurement failed, so every measurement here must be ok.
 */
class BenchSmokeTest {

    @Test
    void everyToolAppliesTheSetOnTheRealServersAndTheReportIsWritten(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("BENCHMARKS.md");
        BenchMain.Options options = BenchMain.Options.parse(new String[] {
                "--smoke", "--out", out.toString(), "--work", tmp.resolve("work").toString(),
                "--classpath", BenchMain.moduleClasspath(Path.of("")), "--notes", tmp.resolve("no-notes.md").toString()});

        BenchMain.Run run = BenchMain.run(options);

        List<String> failed = new ArrayList<>();
        for (BenchMain.Measurement m : run.results()) {
            if (!m.ok()) {
                failed.add(m.store() + " " + m.tool() + " " + m.operation() + ": " + m.error());
            }
        }
        assertEquals(List.of(), failed);
        for (Store store : Store.values()) {
            for (Tool tool : Tool.values()) {
                for (String op : BenchMain.OPERATIONS) {
                    boolean smokeMeasures = tool == Tool.WEAVE || op.equals("migrate") || (tool == Tool.PEER && op.equals("noop"));
                    if (BenchMain.supports(store, tool, op) && smokeMeasures) {
                        long n = run.results().stream().filter(m -> m.store() == store && m.tool() == tool
                                && m.operation().equals(op)).count();
                        assertEquals(1, n, store + " " + tool + " " + op + " measured once");
                    }
                }
            }
        }
        BenchMain.Measurement all = run.results().stream().filter(m -> "migrate-all".equals(m.operation()))
                .findFirst().orElseThrow();
        assertEquals("30", all.answer().fact("applied"), "migrate-all applied 10 per store");

        String report = Files.readString(out);
        for (String heading : List.of("## Machine", "## Versions", "## Targets (issue 18)", "## Targets of issue 7", "## PostgreSQL: Weave vs Flyway",
                "## Neo4j: Weave vs neo4j-migrations", "## Elasticsearch: Weave vs elasticsearch-evolution",
                "## migrate-all vs one store after another")) {
            assertTrue(report.contains(heading), "report has " + heading);
        }
        assertTrue(report.contains("| 10 | migrate from empty |"), "report has the measured rows");
    }
}
