package dev.weave.reliability;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** What a consistent ledger looks like, checked on the rows read from a store. */
final class Ledgers {

    private Ledgers() {
    }

    /**
     * Ranks 1..n without gaps or repeats, no failed entry, no versioned script recorded twice, and exactly the
     * expected scripts (versioned and repeatable) recorded.
     */
    static void assertConsistent(String what, List<LedgerRow> rows, List<String> expectedScripts) {
        assertRanks(what, rows);
        Set<String> scripts = new HashSet<>();
        for (LedgerRow row : rows) {
            assertTrue(row.success(), what + ": failed entry " + row + " in " + rows);
            assertTrue(scripts.add(row.script()), what + ": " + row.script() + " recorded twice: " + rows);
        }
        List<String> recorded = new ArrayList<>(rows.stream().map(LedgerRow::script).sorted().toList());
        List<String> expected = new ArrayList<>(expectedScripts.stream().sorted().toList());
        assertEquals(expected, recorded, what + ": ledger " + rows);
    }

    /** Ranks are exactly 1..n in order: nothing lost, nothing written twice. */
    static void assertRanks(String what, List<LedgerRow> rows) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).rank() != i + 1) {
                fail(what + ": ranks are not 1.." + rows.size() + ": " + rows);
            }
        }
    }

    static boolean recordedAsSuccess(List<LedgerRow> rows, String script) {
        return rows.stream().anyMatch(r -> r.script().equals(script) && r.success());
    }

    static long successes(List<LedgerRow> rows) {
        return rows.stream().filter(LedgerRow::success).count();
    }
}
