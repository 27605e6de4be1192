package dev.weave.store.postgres;

import dev.weave.api.AdoptResult;
import dev.weave.api.InfoResult;
import dev.weave.api.MigrateResult;
import dev.weave.api.TargetConfig;
import dev.weave.api.ValidationResult;
import dev.weave.api.WeaveConfig;
import dev.weave.core.Weave;
import dev.weave.error.ConfigurationException;
import dev.weave.model.EntryType;
import dev.weave.model.LedgerEntry;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code weave db adopt} on histories written by the real tools: Flyway (from Maven Central, run here against the
 * real PostgreSQL) and a golang-migrate style {@code schema_migrations} table. After adopting, migrate applies only
 * what is new, validate passes, and a second adopt writes nothing; bad histories are errors and write nothing.
 */
class AdoptTest {

    private static final PostgresFixture PG = PostgresFixture.INSTANCE;

    @TempDir
    Path root;

    @Test
    void aFlywayHistoryIsAdoptedAndMigrateGoesOnWithTheNewFilesOnly() throws Exception {
        Path folder = files("adopt_flyway", Map.of(
                "V1__create_users.sql", "CREATE TABLE users (id INT PRIMARY KEY);\r\n",
                "V1.1__add_email.sql", "\uFEFFALTER TABLE users ADD COLUMN email TEXT;\n-- a comment\n",
                "R__users_view.sql", "CREATE OR REPLACE VIEW user_emails AS SELECT email FROM users;\n"));
        flyway("adopt_flyway", folder).migrate();
        Files.writeString(folder.resolve("V2__orders.sql"), "CREATE TABLE orders (id INT, user_id INT REFERENCES users);\n");
        Weave weave = weave("adopt_flyway", folder);

        AdoptResult dry = weave.adopt("adopt_flyway", "flyway", null, true);
        assertTrue(dry.dryRun());
        assertEquals(0, weave.history("adopt_flyway").entries().size(), "a dry run writes nothing");
        assertEquals(List.of("MATCH", "MATCH", "MATCH"), dry.mapping().stream().map(AdoptResult.Mapping::checksum).toList(),
                "Flyway's CRC32 recomputed by Weave for each file, CRLF and BOM included: " + dry.mapping());

        AdoptResult adopted = weave.adopt("adopt_flyway", "flyway", null, false);
        assertEquals(3, adopted.written(), adopted.toString());
        List<LedgerEntry> ledger = weave.history("adopt_flyway").entries();
        assertEquals(List.of(EntryType.ADOPTED, EntryType.ADOPTED, EntryType.REPEATABLE),
                ledger.stream().map(LedgerEntry::type).toList());
        assertEquals(List.of("1", "1.1"), ledger.stream().filter(e -> e.type() == EntryType.ADOPTED).map(LedgerEntry::version).toList());
        assertEquals(PG.server.user(), ledger.get(0).installedBy(), "who ran it under Flyway is kept");

        InfoResult info = weave.info("adopt_flyway");
        assertTrue(info.toString().contains("ADOPTED"), info.toString());

        MigrateResult migrate = weave.migrate("adopt_flyway");
        assertEquals(List.of("V2__orders.sql"), migrate.applied().stream().map(m -> m.script()).toList(),
                "only the new file runs; Flyway's work is not redone");
        assertEquals(ValidationResult.Outcome.VALID, weave.validate("adopt_flyway", false).outcome());

        AdoptResult again = weave.adopt("adopt_flyway", "flyway", null, false);
        assertEquals(0, again.written(), "adopting twice writes nothing new");
        assertTrue(again.mapping().stream().allMatch(AdoptResult.Mapping::already), again.toString());
        assertEquals(3, count("adopt_flyway", "SELECT count(*) FROM flyway_schema_history"),
                "Flyway's own history is only read: its three rows, nothing added or removed");
    }

    @Test
    void aFileEditedSinceFlywayRanItIsAnErrorNamingItAndNothingIsWritten() throws Exception {
        Path folder = files("adopt_edited", Map.of("V1__create.sql", "CREATE TABLE t (id INT);\n",
                "V2__add.sql", "ALTER TABLE t ADD COLUMN name TEXT;\n"));
        flyway("adopt_edited", folder).migrate();
        Files.writeString(folder.resolve("V2__add.sql"), "ALTER TABLE t ADD COLUMN full_name TEXT;\n");

        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> weave("adopt_edited", folder).adopt("adopt_edited", "flyway", null, false));

        assertTrue(e.getMessage().contains("V2__add.sql was edited after flyway ran it"), e.getMessage());
        assertTrue(e.getMessage().contains("flyway_schema_history rank 2") && e.getMessage().contains("nothing was written"),
                e.getMessage());
        assertEquals(0, weave("adopt_edited", folder).history("adopt_edited").entries().size());
    }

    @Test
    void aFileThatIsGoneAMissingTableOrAnUnknownToolAreErrorsAndNothingIsWritten() throws Exception {
        Path folder = files("adopt_gone", Map.of("V1__create.sql", "CREATE TABLE t (id INT);\n"));
        Path flywayFolder = files("adopt_gone_flyway", Map.of("V1__create.sql", "CREATE TABLE t (id INT);\n",
                "V2__second.sql", "CREATE TABLE u (id INT);\n"));
        flyway("adopt_gone", flywayFolder).migrate();
        Weave weave = weave("adopt_gone", folder);

        ConfigurationException gone = assertThrows(ConfigurationException.class,
                () -> weave.adopt("adopt_gone", "flyway", null, false));
        assertTrue(gone.getMessage().contains("flyway_schema_history rank 2: version 2 (V2__second.sql) has no file V2__*"),
                gone.getMessage());

        ConfigurationException noTable = assertThrows(ConfigurationException.class,
                () -> weave.adopt("adopt_gone", "flyway", "old_history", false));
        assertTrue(noTable.getMessage().contains("there is no table old_history") && noTable.getMessage().contains("--table"),
                noTable.getMessage());

        ConfigurationException unknownTool = assertThrows(ConfigurationException.class,
                () -> weave.adopt("adopt_gone", "liquibase", null, false));
        assertTrue(unknownTool.getMessage().contains("use one of alembic, flyway, schema-migrations"), unknownTool.getMessage());
        assertEquals(0, weave.history("adopt_gone").entries().size());
    }

    @Test
    void aSchemaMigrationsTableIsAdoptedUpToItsVersionAndADirtyOneIsRefused() throws Exception {
        Path folder = files("adopt_golang", Map.of("V1__init.sql", "CREATE TABLE a (id INT);\n",
                "V2__more.sql", "CREATE TABLE b (id INT);\n", "V3__new.sql", "CREATE TABLE c (id INT);\n"));
        execute("adopt_golang", "CREATE TABLE a (id INT); CREATE TABLE b (id INT);"
                + " CREATE TABLE schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL);"
                + " INSERT INTO schema_migrations VALUES (2, true)");
        Weave weave = weave("adopt_golang", folder);

        ConfigurationException dirty = assertThrows(ConfigurationException.class,
                () -> weave.adopt("adopt_golang", "schema-migrations", null, false));
        assertTrue(dirty.getMessage().contains("version 2 is dirty") && dirty.getMessage().contains("migrate force 2"),
                dirty.getMessage());
        assertEquals(0, weave.history("adopt_golang").entries().size());

        execute("adopt_golang", "UPDATE schema_migrations SET dirty = false");
        assertEquals(2, weave.adopt("adopt_golang", "schema-migrations", null, false).written());
        MigrateResult migrate = weave.migrate("adopt_golang");
        assertEquals(List.of("V3__new.sql"), migrate.applied().stream().map(m -> m.script()).toList());
        assertEquals(ValidationResult.Outcome.VALID, weave.validate("adopt_golang", false).outcome());
        assertEquals(0, weave.adopt("adopt_golang", "schema-migrations", null, false).written());
    }

    @Test
    void versionsTheRuleCannotReadAreMappedWithAVersionMapFile() throws Exception {
        // a hand-made table of a tool that names its versions after the files (001_init, 002_users)
        Path folder = files("adopt_mapped", Map.of("V1__init.sql", "CREATE TABLE a (id INT);\n",
                "V2__users.sql", "CREATE TABLE b (id INT);\n", "V3__new.sql", "CREATE TABLE c (id INT);\n"));
        execute("adopt_mapped", "CREATE TABLE a (id INT); CREATE TABLE b (id INT);"
                + " CREATE TABLE schema_migrations (version text PRIMARY KEY);"
                + " INSERT INTO schema_migrations VALUES ('001_init'), ('002_users')");
        Weave weave = weave("adopt_mapped", folder);

        ConfigurationException unreadable = assertThrows(ConfigurationException.class,
                () -> weave.adopt("adopt_mapped", "schema-migrations", null, false));
        assertTrue(unreadable.getMessage().contains("version '001_init' is not a version Weave can read")
                && unreadable.getMessage().contains("--map"), unreadable.getMessage());

        Path map = root.resolve("versions.map");
        Files.writeString(map, "# old=new\n001_init = 1\n01_users=2\n");
        ConfigurationException stray = assertThrows(ConfigurationException.class, () -> weave.adopt("adopt_mapped",
                dev.weave.api.AdoptOptions.from("schema-migrations").versionMap(map)));
        assertTrue(stray.getMessage().contains(map + ":3: 01_users is not in the history"), stray.getMessage());

        Files.writeString(map, "# old=new\n001_init = 1\n002_users=2\n");
        AdoptResult adopted = weave.adopt("adopt_mapped", dev.weave.api.AdoptOptions.from("schema-migrations").versionMap(map));
        assertEquals(2, adopted.written(), adopted.toString());
        assertEquals(List.of("1", "2"), weave.history("adopt_mapped").entries().stream().map(LedgerEntry::version).toList());
        assertEquals(List.of("V3__new.sql"), weave.migrate("adopt_mapped").applied().stream().map(m -> m.script()).toList());
        assertEquals(ValidationResult.Outcome.VALID, weave.validate("adopt_mapped", false).outcome());

        Files.writeString(map, "002_users\n");
        ConfigurationException bad = assertThrows(ConfigurationException.class, () -> weave.adopt("adopt_mapped",
                dev.weave.api.AdoptOptions.from("schema-migrations").versionMap(map)));
        assertTrue(bad.getMessage().contains(map + ":1: '002_users' is not old=new"), bad.getMessage());
    }

    /** Revision files as Alembic 1.13's template writes them (typed assignments). */
    private static String revision(String id, String parent, String message) {
        return "\"\"\"" + message + "\n\nRevision ID: " + id + "\nRevises: " + (parent == null ? "" : parent) + "\n\"\"\"\n"
                + "from typing import Sequence, Union\n\nfrom alembic import op\nimport sqlalchemy as sa\n\n\n"
                + "# revision identifiers, used by Alembic.\n"
                + "revision: str = '" + id + "'\n"
                + "down_revision: Union[str, None] = " + (parent == null ? "None" : "'" + parent + "'") + "\n"
                + "branch_labels: Union[str, Sequence[str], None] = None\n"
                + "depends_on: Union[str, Sequence[str], None] = None\n\n\n"
                + "def upgrade() -> None:\n    op.create_table('t_" + id + "', sa.Column('id', sa.Integer()))\n\n\n"
                + "def downgrade() -> None:\n    op.drop_table('t_" + id + "')\n";
    }

    @Test
    void anAlembicDatabaseAtTheHeadIsAdoptedAsABaselineAndNewWorkGoesOnAsSqlFiles() throws Exception {
        Path versions = files("alembic_versions", Map.of(
                "1a2b3c4d5e6f_create_users.py", revision("1a2b3c4d5e6f", null, "create users"),
                "2b3c4d5e6f7a_add_email.py", revision("2b3c4d5e6f7a", "1a2b3c4d5e6f", "add email"),
                "3c4d5e6f7a8b_orders.py", revision("3c4d5e6f7a8b", "2b3c4d5e6f7a", "orders"),
                "__init__.py", ""));
        Path folder = files("adopt_alembic", Map.of("V4__weave_first.sql", "CREATE TABLE from_weave (id INT);\n"));
        execute("adopt_alembic", "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL,"
                + " CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)); INSERT INTO alembic_version VALUES ('2b3c4d5e6f7a')");
        Weave weave = weave("adopt_alembic", folder);

        ConfigurationException behind = assertThrows(ConfigurationException.class,
                () -> weave.adopt("adopt_alembic", "alembic", null, versions, false));
        assertTrue(behind.getMessage().contains("at Alembic revision 2b3c4d5e6f7a (2 of 3), not at the folder's head"
                + " 3c4d5e6f7a8b; run alembic upgrade head first"), behind.getMessage());

        execute("adopt_alembic", "UPDATE alembic_version SET version_num = '3c4d5e6f7a8b'");
        AdoptResult adopted = weave.adopt("adopt_alembic", "alembic", null, versions, false);
        assertEquals(1, adopted.written(), adopted.toString());
        LedgerEntry baseline = weave.history("adopt_alembic").entries().get(0);
        assertEquals(EntryType.BASELINE, baseline.type());
        assertEquals("3", baseline.version());
        assertEquals("alembic 3c4d5e6f7a8b", baseline.description(), "the revision id is kept");

        assertEquals(List.of("V4__weave_first.sql"), weave.migrate("adopt_alembic").applied().stream().map(m -> m.script()).toList());
        assertEquals(ValidationResult.Outcome.VALID, weave.validate("adopt_alembic", false).outcome());
        assertEquals(0, weave.adopt("adopt_alembic", "alembic", null, versions, false).written(), "a second adopt is a no-op");
        assertEquals(1, count("adopt_alembic", "SELECT count(*) FROM alembic_version"), "Alembic's table is only read");
    }

    @Test
    void anAlembicHeadMappedToAVersionBecomesTheBaselineThere() throws Exception {
        Path versions = files("alembic_mapped_versions", Map.of(
                "aa11_create.py", revision("aa11", null, "create"),
                "bb22_more.py", revision("bb22", "aa11", "more")));
        Path folder = files("adopt_alembic_mapped", Map.of("V11__weave_first.sql", "CREATE TABLE w (id INT);\n"));
        execute("adopt_alembic_mapped", "CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY);"
                + " INSERT INTO alembic_version VALUES ('bb22')");
        Path map = root.resolve("alembic.map");
        Files.writeString(map, "bb22=10\n");
        Weave weave = weave("adopt_alembic_mapped", folder);
        AdoptResult adopted = weave.adopt("adopt_alembic_mapped", dev.weave.api.AdoptOptions.from("alembic")
                .toolFolder(versions).versionMap(map));
        assertTrue(adopted.mapping().get(0).to().contains("BASELINE at version 10") && adopted.mapping().get(0).to()
                .contains("new files start at V11"), adopted.toString());
        assertEquals("10", weave.history("adopt_alembic_mapped").entries().get(0).version());
        assertEquals(List.of("V11__weave_first.sql"),
                weave.migrate("adopt_alembic_mapped").applied().stream().map(m -> m.script()).toList());
    }

    @Test
    void anAlembicFolderWithTwoHeadsOrAMergeIsRefused() throws Exception {
        Path branched = files("alembic_branched", Map.of(
                "a1_base.py", revision("a1", null, "base"),
                "b1_left.py", revision("b1", "a1", "left"),
                "c1_right.py", revision("c1", "a1", "right")));
        Path folder = files("adopt_branched", Map.of());
        execute("adopt_branched", "CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY);"
                + " INSERT INTO alembic_version VALUES ('b1'), ('c1')");
        Weave weave = weave("adopt_branched", folder);

        ConfigurationException twoHeads = assertThrows(ConfigurationException.class,
                () -> weave.adopt("adopt_branched", "alembic", null, branched, false));
        assertTrue(twoHeads.getMessage().contains("holds 2 heads (b1, c1)") && twoHeads.getMessage().contains("alembic merge heads"),
                twoHeads.getMessage());

        execute("adopt_branched", "DELETE FROM alembic_version WHERE version_num = 'c1'");
        ConfigurationException branch = assertThrows(ConfigurationException.class,
                () -> weave.adopt("adopt_branched", "alembic", null, branched, false));
        assertTrue(branch.getMessage().contains("revision a1 has 2 children (b1 in b1_left.py, c1 in c1_right.py)"),
                branch.getMessage());

        Files.writeString(branched.resolve("d1_merge.py"), revision("d1", null, "merge")
                .replace("down_revision: Union[str, None] = None", "down_revision = ('b1', 'c1')"));
        ConfigurationException merge = assertThrows(ConfigurationException.class,
                () -> weave.adopt("adopt_branched", "alembic", null, branched, false));
        assertTrue(merge.getMessage().contains("d1_merge.py: revision d1 merges ('b1', 'c1')"), merge.getMessage());
        assertEquals(0, weave.history("adopt_branched").entries().size(), "nothing written");
    }

    @Test
    void adoptIsRefusedWhenWeavesLedgerHasEntriesOfItsOwn() throws Exception {
        Path folder = files("adopt_own", Map.of("V1__create.sql", "CREATE TABLE t (id INT);\n"));
        flyway("adopt_own", folder).migrate();
        execute("adopt_own", "DROP TABLE t");
        Weave weave = weave("adopt_own", folder);
        weave.migrate("adopt_own");

        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> weave.adopt("adopt_own", "flyway", null, false));
        assertTrue(e.getMessage().contains("Weave's ledger already has 1 entries of its own"), e.getMessage());
        assertFalse(weave.history("adopt_own").entries().stream().anyMatch(x -> x.type() == EntryType.ADOPTED));
    }

    // ---------------------------------------------------------------- helpers

    private final java.util.Set<String> fresh = new java.util.HashSet<>();

    /** A fresh database the first time a test names it. */
    private void fresh(String database) {
        if (fresh.add(database)) {
            PG.freshTarget(database);
        }
    }

    private Path files(String database, Map<String, String> files) throws IOException {
        Path folder = Files.createDirectories(root.resolve(database));
        for (var f : files.entrySet()) {
            Files.writeString(folder.resolve(f.getKey()), f.getValue());
        }
        return folder;
    }

    private Flyway flyway(String database, Path folder) {
        fresh(database);
        return Flyway.configure().dataSource(PG.server.jdbcUrl(database), PG.server.user(), PG.server.password())
                .locations("filesystem:" + folder).load();
    }

    private Weave weave(String database, Path folder) {
        fresh(database);
        return Weave.create(WeaveConfig.builder().environment(Map.of()).location(root)
                .target(new TargetConfig(database, "postgres", folder, PG.settings(database), false)).build());
    }

    private void execute(String database, String sql) throws SQLException {
        fresh(database);
        try (Connection c = DriverManager.getConnection(PG.server.jdbcUrl(database), PG.server.user(), PG.server.password());
             Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private long count(String database, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(PG.server.jdbcUrl(database), PG.server.user(), PG.server.password());
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
