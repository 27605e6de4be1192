package dev.weave.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fan-out measurement on a few tenants, as CI can afford it: every way migrates every tenant (the bench checks
 * each tenant's effects and ledger and throws otherwise), and Weave killed with SIGKILL half-way through the group
 * finishes the rest on the next run without redoing a tenant (checked from the ledgers; the bench throws when the
 * second run applied more or less than was missing).
 */
class FanOutSmokeTest {

    @Test
    void everyTenantMigratedOnceAndAKilledRunResumes(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("FANOUT.md");
        BenchMain.Options options = BenchMain.Options.parse(new String[] {
                "--smoke", "--fanout-only", "--fanout", "8", "--fanout-sample", "1", "--out", out.toString(),
                "--work", tmp.resolve("work").toString(), "--classpath", BenchMain.moduleClasspath(Path.of(""))});

        BenchMain.run(options);

        String report = Files.readString(out);
        assertTrue(report.contains("| Weave `migrate-all` over the group (parallel 4, one JVM) | 8 |"), report);
        assertTrue(report.contains("| Flyway, a loop in one JVM (one `Flyway.configure()…migrate()` per tenant) | 8 |"),
                report);
        Matcher resume = Pattern.compile("\\| Killed half-way.*SIGKILL after 4 of 8 tenants reported done.*"
                + "the second run applied ([0-9,]+) \\(= 160 − ([0-9,]+)\\).*\\| (yes|\\*\\*no\\*\\*) \\|").matcher(report);
        assertTrue(resume.find(), report);
        assertEquals(160, Integer.parseInt(resume.group(1)) + Integer.parseInt(resume.group(2)));
        assertEquals("yes", resume.group(3), report);
    }
}
