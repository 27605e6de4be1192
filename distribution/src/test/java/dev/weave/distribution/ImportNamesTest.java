package dev.weave.distribution;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static dev.weave.distribution.CliHarness.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A team arriving with another tool's file names (seed 002's {@code 001_init_schema.sql}, golang-migrate's
 * {@code .up.sql}/{@code .down.sql}, seed 000's lone {@code models.sql}): told how to get in, renamed by
 * {@code import-names}, then migrated.
 */
class ImportNamesTest {

    @TempDir
    Path project;

    CliHarness cli;

    @BeforeEach
    void setUp() {
        cli = new CliHarness(project);
    }

    @Test
    void numberedFilesAreRefusedWithTheWayInThenRenamedAndMigrated() throws IOException {
        Path db = cli.database("imp_numbered");
        write(db.resolve("001_init_schema.sql"), "CREATE TABLE users (id INT PRIMARY KEY);");
        write(db.resolve("002_add_orders.sql"), "CREATE TABLE orders (id INT PRIMARY KEY);");
        write(db.resolve("models.sql"), "CREATE OR REPLACE VIEW user_ids AS SELECT id FROM users;");

        CliHarness.Run refused = cli.weave("db", "migrate", "imp_numbered");
        assertEquals(2, refused.exit(), refused.all());
        assertTrue(refused.err().contains("001_init_schema.sql") && refused.err().contains("weave db import-names"), refused.all());

        CliHarness.Run dry = cli.weave("db", "import-names", "imp_numbered", "--dry-run");
        assertEquals(0, dry.exit(), dry.all());
        assertTrue(dry.out().contains("001_init_schema.sql -> V001__init_schema.sql"), dry.out());
        assertTrue(dry.out().contains("models.sql -> R__models.sql"), dry.out());
        assertTrue(dry.out().contains("would rename 3 files (dry run: nothing changed)"), dry.out());
        assertEquals(List.of("001_init_schema.sql", "002_add_orders.sql", "models.sql"), names(db));

        CliHarness.Run renamed = cli.weave("db", "import-names", "imp_numbered");
        assertEquals(0, renamed.exit(), renamed.all());
        assertEquals(List.of("R__models.sql", "V001__init_schema.sql", "V002__add_orders.sql"), names(db));

        CliHarness.Run migrated = cli.weave("db", "migrate", "imp_numbered");
        assertEquals(0, migrated.exit(), migrated.all());
        assertEquals(3, cli.count("imp_numbered", "SELECT count(*) FROM weave_schema_history WHERE success"));
        assertEquals(1, cli.count("imp_numbered", "SELECT count(*) FROM pg_views WHERE viewname = 'user_ids'"));

        CliHarness.Run again = cli.weave("db", "import-names", "imp_numbered");
        assertTrue(again.out().contains("imp_numbered: nothing to rename"), again.out());
    }

    @Test
    void golangMigrateUpAndDownFilesBecomeVersionsAndUndos() throws IOException {
        Path db = cli.database("imp_golang");
        write(db.resolve("000001_create_users.up.sql"), "CREATE TABLE users (id INT PRIMARY KEY);");
        write(db.resolve("000001_create_users.down.sql"), "DROP TABLE users;");

        assertEquals(0, cli.weave("db", "import-names", "imp_golang").exit());
        assertEquals(List.of("U000001__create_users.sql", "V000001__create_users.sql"), names(db));

        assertEquals(0, cli.weave("db", "migrate", "imp_golang").exit());
        CliHarness.Run undo = cli.weave("db", "undo", "imp_golang");
        assertEquals(0, undo.exit(), undo.all());
        assertEquals(0, cli.count("imp_golang", "SELECT count(*) FROM pg_tables WHERE tablename = 'users'"));
    }

    @Test
    void twoFilesThatWouldShareAVersionRenameNothing() throws IOException {
        Path db = cli.database("imp_clash");
        write(db.resolve("001_a.sql"), "SELECT 1;");
        write(db.resolve("1_b.sql"), "SELECT 2;");
        write(db.resolve("002_c.sql"), "SELECT 3;");

        CliHarness.Run clash = cli.weave("db", "import-names", "imp_clash");

        assertEquals(2, clash.exit(), clash.all());
        assertTrue(clash.err().contains("would both be version 1"), clash.all());
        assertTrue(clash.err().contains("nothing was renamed"), clash.all());
        assertEquals(List.of("001_a.sql", "002_c.sql", "1_b.sql"), names(db));
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
