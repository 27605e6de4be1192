package dev.weave.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MigrationVersionTest {

    private static MigrationVersion v(String text) {
        return MigrationVersion.parse(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "001", "0", "1.2.3", "1_2_3", "2024_01_15", "1.2_3", "10.0.0", "123456789012345678901234567890"})
    void validVersionsParseAndKeepTheirText(String text) {
        assertTrue(MigrationVersion.isValid(text));
        MigrationVersion version = v(text);
        assertEquals(text, version.text());
        assertEquals(text, version.toString());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"a", "1a", "v1", "V1", "1.", ".1", "1..2", "1__2", "1._2", "1-2", "-1", "+1", " 1", "1 ", "1,2",
            "1.2.", "_1", "1_", "١٢", "1.a"})
    void invalidVersionsAreRejected(String text) {
        assertFalse(MigrationVersion.isValid(text));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v(text));
        assertTrue(e.getMessage().contains("'" + text + "' is not a version"), e.getMessage());
        assertTrue(e.getMessage().contains("digits"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
            "1.10, 1.9",
            "10, 9",
            "10, 2",
            "1.2.10, 1.2.9",
            "2, 1.99",
            "2024_01_16, 2024_01_15",
            "2024_02_01, 2024_01_31",
            "2024_10_01, 2024_9_30",
            "1.0.1, 1",
            "1.1, 1.0.9",
            "0010, 9",
            "100000000000000000000, 99999999999999999999",
            "1_10, 1.9"})
    void comparesNumericallyPartByPart(String higher, String lower) {
        assertTrue(v(higher).compareTo(v(lower)) > 0, higher + " > " + lower);
        assertTrue(v(lower).compareTo(v(higher)) < 0, lower + " < " + higher);
        assertNotEquals(v(higher), v(lower));
    }

    @ParameterizedTest
    @CsvSource({
            "1, 1.0",
            "1, 001",
            "1.0, 001",
            "1, 1.0.0",
            "1.0, 1_0",
            "1.2, 1_2",
            "1.2, 01.002",
            "2024_01_15, 2024.1.15",
            "0, 0.0",
            "0, 000"})
    void sameVersionsAreEqualWithEqualHashCodes(String a, String b) {
        assertEquals(0, v(a).compareTo(v(b)));
        assertEquals(0, v(b).compareTo(v(a)));
        assertEquals(v(a), v(b));
        assertEquals(v(a).hashCode(), v(b).hashCode());
        assertEquals(v(a).canonical(), v(b).canonical());
    }

    @ParameterizedTest
    @CsvSource({
            "1, 1",
            "001, 1",
            "1.0, 1",
            "1.0.0, 1",
            "1.2.3, 1.2.3",
            "1_2_3, 1.2.3",
            "2024_01_15, 2024.1.15",
            "0, 0",
            "0.0, 0",
            "1.0.2, 1.0.2",
            "0007, 7",
            "10.00, 10"})
    void canonicalDropsLeadingZerosAndTrailingZeroParts(String text, String canonical) {
        assertEquals(canonical, v(text).canonical());
        assertEquals(text, v(text).text(), "the text as written is kept");
    }

    @Test
    void partsAreNumbersWithoutTrailingZeros() {
        assertEquals(List.of(BigInteger.valueOf(2024), BigInteger.ONE, BigInteger.valueOf(15)), v("2024_01_15").parts());
        assertEquals(List.of(BigInteger.ONE), v("1.0.0").parts());
        assertThrows(UnsupportedOperationException.class, () -> v("1.2").parts().add(BigInteger.TEN));
    }

    @Test
    void sortsNumericallyNotLexically() {
        List<MigrationVersion> versions = new ArrayList<>();
        for (String s : List.of("10", "2", "1.10", "1.9", "1", "1.2", "001.1", "9", "2024_01_15", "100")) {
            versions.add(v(s));
        }
        Collections.sort(versions);
        assertEquals(List.of("1", "001.1", "1.2", "1.9", "1.10", "2", "9", "10", "100", "2024_01_15"),
                versions.stream().map(MigrationVersion::text).toList());
    }

    @Test
    void sameVersionsCollapseInHashAndTreeCollections() {
        Set<MigrationVersion> hash = new HashSet<>(List.of(v("1"), v("1.0"), v("001"), v("1_0_0")));
        assertEquals(1, hash.size());
        Set<MigrationVersion> tree = new TreeSet<>(List.of(v("1"), v("1.0"), v("001"), v("2")));
        assertEquals(2, tree.size());
        Map<MigrationVersion, String> map = new HashMap<>();
        map.put(v("1.0"), "x");
        assertEquals("x", map.get(v("001")));
    }

    @Test
    void equalsIsFalseForOtherTypes() {
        assertNotEquals(v("1"), "1");
        assertNotEquals(v("1"), null);
    }
}
