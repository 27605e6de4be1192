package dev.weave.reliability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Promise: a migration file edited while a migrate is running changes nothing of that run. Weave reads every
 * file once, before the first migration, and runs and records exactly what it read: the ledger never holds a
 * checksum of content other than what ran, and the next {@code validate} says the file differs from what ran.
 *
 * <p>The runner is held inside V1 by a table lock the test keeps (V1 reads that table), so the edit of V2, and
 * a V4 written meanwhile, happen at a known point of the run, not after a sleep.
 */
class FileChangedDuringMigrateTest {

    private static final String V2_AS_READ = "CREATE TABLE v2_as_read (id INT);\n";
    private static final String V2_EDITED = "CREATE TABLE v2_edited (id INT);\n";

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aFileEditedWhileMigrateRunsIsAppliedAndRecordedAsItWasRead() throws Exception {
        String db = "file_changed_mid_run";
        Pg pg = Servers.pg();
        pg.recreate(db);
        pg.execute(db, "CREATE TABLE gate (id INT)");
        Path project = Work.project("file-changed-mid-run");
        Path folder = project.resolve(".weave/migrations/" + db);
        Work.write(folder.resolve("V1__wait_at_the_gate.sql"), "CREATE TABLE v1 (id INT);\nSELECT count(*) FROM gate;\n");
        Path v2 = Work.write(folder.resolve("V2__edited_later.sql"), V2_AS_READ);
        Work.write(folder.resolve("V3__after.sql"), "CREATE TABLE v3 (id INT);\n");

        try (Connection gate = pg.connect(db); Statement st = gate.createStatement()) {
            gate.setAutoCommit(false);
            st.execute("LOCK TABLE gate IN ACCESS EXCLUSIVE MODE");
            try (WeaveProcess runner = WeaveProcess.start(project, Servers.env(), "db", "migrate", db)) {
                runner.awaitWhileRunning(() -> pg.running(db, "FROM gate"), "V1 waiting at the gate", Duration.ofSeconds(60));
                Work.write(v2, V2_EDITED);
                Work.write(folder.resolve("V4__written_meanwhile.sql"), "CREATE TABLE v4 (id INT);\n");
                gate.commit(); // opens the gate: V1 ends, V2 and V3 follow
                WeaveProcess.Result run = runner.await(Duration.ofSeconds(60));
                assertEquals(0, run.exit(), run.toString());
            }
        }

        Map<String, String> checksums = checksums(pg, db);
        assertEquals(List.of("1", "2", "3"), List.copyOf(checksums.keySet()), "applied: what was there when the run read the files");
        assertEquals(sha256(V2_AS_READ), checksums.get("2"), "V2's checksum is of the text that ran");
        assertTrue(pg.tableExists(db, "v2_as_read"), "V2 ran as it was read");
        assertFalse(pg.tableExists(db, "v2_edited"), "the edit made during the run did not run");
        assertFalse(pg.tableExists(db, "v4"), "a file written during the run waits for the next run");
        assertEquals(3, Ledgers.successes(pg.ledger(db)));

        WeaveProcess.Result validate = WeaveProcess.run(project, Servers.env(), Duration.ofSeconds(60), "db", "validate", db);
        assertEquals(3, validate.exit(), validate.toString());
        assertTrue(validate.all().contains("V2__edited_later.sql"), "validate names the edited file\n" + validate);
        assertTrue(validate.all().toLowerCase().contains("checksum"), "validate says its checksum differs\n" + validate);
    }

    private static Map<String, String> checksums(Pg pg, String db) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = pg.connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version, checksum FROM weave_schema_history WHERE success ORDER BY installed_rank")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    /** What Weave stores for a text that needs no normalising (UTF-8, LF, no byte-order mark). */
    private static String sha256(String text) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
