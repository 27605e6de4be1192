package dev.weave.discovery;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForeignFileNameTest {

    private static final List<String> SQL = List.of(".sql");

    @ParameterizedTest
    @CsvSource({
            "001_init_schema.sql, V001__init_schema.sql",
            "002-add-users-table.sql, V002__add_users_table.sql",
            "20240115093000_add_index.sql, V20240115093000__add_index.sql",
            "1.2_split.sql, V1.2__split.sql",
            "1__x.sql, V1__x.sql",
            "000001_init.up.sql, V000001__init.sql",
            "000001_init.down.sql, U000001__init.sql",
            "models.sql, R__models.sql",
            "seed.data.sql, R__seed_data.sql",
            "003_Upper.SQL, V003__Upper.sql",
    })
    void anotherToolsNameGetsItsWeaveName(String from, String to) {
        ForeignFileName.Verdict verdict = ForeignFileName.of(from, SQL);
        assertTrue(verdict.renames(), from + ": " + verdict.reason());
        assertEquals(to, verdict.newName());
        assertTrue(MigrationFileName.parse(to, SQL).parsed() != null, "a valid Weave name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"V1__init.sql", "R__views.sql", "U2__drop.sql", "beforeMigrate.sql"})
    void weaveNamesStayAsTheyAre(String name) {
        ForeignFileName.Verdict verdict = ForeignFileName.of(name, SQL);
        assertFalse(verdict.renames());
        assertEquals("already a Weave name", verdict.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"V1_x.sql", "notes.txt", "001_.sql", "_x.sql"})
    void whatNoRuleFitsIsLeftWithTheReason(String name) {
        ForeignFileName.Verdict verdict = ForeignFileName.of(name, SQL);
        assertFalse(verdict.renames(), name + " -> " + verdict.newName());
        assertFalse(verdict.reason().isBlank());
    }
}
