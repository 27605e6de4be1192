package dev.weave.discovery;

import dev.weave.error.ConfigurationException;
import dev.weave.error.ExitCode;
import dev.weave.error.MigrationSourceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScriptTextTest {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    private Path write(String name, String text) throws IOException {
        return write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void plainTextIsReadAsIs() throws IOException {
        String text = "CREATE TABLE t (id int);\n-- Grüße, € and 😀\nSELECT 1;\n";
        assertEquals(text, ScriptText.read(write("V1__a.sql", text)));
    }

    @Test
    void byteOrderMarkIsDropped() throws IOException {
        Path file = write("V1__a.sql", concat(BOM, utf8("SELECT 1;\n")));
        assertEquals("SELECT 1;\n", ScriptText.read(file));
    }

    @Test
    void onlyALeadingByteOrderMarkIsDropped() throws IOException {
        Path file = write("V1__a.sql", concat(BOM, utf8("SELECT '\uFEFF';\n")));
        assertEquals("SELECT '\uFEFF';\n", ScriptText.read(file));
    }

    @Test
    void crlfBecomesLf() throws IOException {
        assertEquals("a\nb\n\nc", ScriptText.read(write("V1__a.sql", "a\r\nb\r\n\r\nc")));
    }

    @Test
    void loneCrBecomesLf() throws IOException {
        assertEquals("a\nb\n\nc\n", ScriptText.read(write("V1__a.sql", "a\rb\r\rc\r")));
    }

    @Test
    void mixedLineEndingsBecomeLf() throws IOException {
        assertEquals("a\nb\nc\n\nd", ScriptText.read(write("V1__a.sql", "a\r\nb\rc\n\r\nd")));
        assertEquals("a\n\nb", ScriptText.read(write("V2__a.sql", "a\n\rb")));
    }

    @Test
    void bomAndCrlfTogether() throws IOException {
        Path file = write("V1__a.sql", concat(BOM, utf8("SELECT 1;\r\nSELECT 2;\r\n")));
        assertEquals("SELECT 1;\nSELECT 2;\n", ScriptText.read(file));
    }

    @Test
    void emptyFilesAreEmptyText() throws IOException {
        assertEquals("", ScriptText.read(write("V1__a.sql", new byte[0])));
        assertEquals("", ScriptText.read(write("V2__a.sql", BOM)));
    }

    @Test
    void normaliseIsTheSameRule() {
        assertEquals("x\ny\nz", ScriptText.normalise("\uFEFFx\r\ny\rz"));
        assertEquals("no change\n", ScriptText.normalise("no change\n"));
    }

    @Test
    void invalidUtf8NamesTheFileAndTheLineOfTheBadByte() throws IOException {
        byte[] bytes = concat(utf8("SELECT 1;\nSELECT 2;\nSELECT '"), new byte[]{(byte) 0xFF}, utf8("';\nSELECT 4;\n"));
        Path file = write("V1__latin1.sql", bytes);
        MigrationSourceException e = assertThrows(MigrationSourceException.class, () -> ScriptText.read(file));
        assertEquals(file, e.file());
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith(file + ":3: "), e.getMessage());
        assertTrue(e.getMessage().contains("invalid UTF-8 byte 0xFF"), e.getMessage());
        assertTrue(e.getMessage().contains("re-save the file as UTF-8"), e.getMessage());
        assertInstanceOf(ConfigurationException.class, e);
        assertEquals(ExitCode.USAGE_OR_CONFIGURATION, e.kind());
    }

    @Test
    void aNulByteNamesTheFileAndItsLine() throws IOException {
        Path file = write("V1__nul.sql", concat(utf8("CREATE TABLE t (v TEXT);\nINSERT INTO t VALUES ('a"), new byte[]{0},
                utf8("b');\n")));
        MigrationSourceException e = assertThrows(MigrationSourceException.class, () -> ScriptText.read(file));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("NUL byte (0x00) at byte offset 49"), e.getMessage());
    }

    @Test
    void latin1UmlautOnTheFirstLine() throws IOException {
        // "Grüße" written as ISO-8859-1: 0xFC is not valid UTF-8 here
        Path file = write("V1__latin1.sql", "-- Grüße\nSELECT 1;\n".getBytes(StandardCharsets.ISO_8859_1));
        MigrationSourceException e = assertThrows(MigrationSourceException.class, () -> ScriptText.read(file));
        assertEquals(1, e.line());
        assertTrue(e.getMessage().contains("0xFC"), e.getMessage());
        assertTrue(e.getMessage().contains("at byte offset 5"), e.getMessage());
    }

    @Test
    void invalidUtf8LineCountsCrlfLines() throws IOException {
        byte[] bytes = concat(utf8("a\r\nb\r\nc\r\n"), new byte[]{(byte) 0xC0, (byte) 0xAF}, utf8("\r\n"));
        Path file = write("V1__a.sql", bytes);
        MigrationSourceException e = assertThrows(MigrationSourceException.class, () -> ScriptText.read(file));
        assertEquals(4, e.line());
        assertTrue(e.getMessage().startsWith(file + ":4: "), e.getMessage());
    }

    @Test
    void invalidUtf8LineCountsLoneCrLines() throws IOException {
        // classic Mac line ends: the same text reads as three lines, so the bad byte is on line 3
        byte[] bytes = concat(utf8("a\rb\r"), new byte[]{(byte) 0xFE}, utf8("\r"));
        Path file = write("V1__a.sql", bytes);
        MigrationSourceException e = assertThrows(MigrationSourceException.class, () -> ScriptText.read(file));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith(file + ":3: "), e.getMessage());
    }

    @Test
    void truncatedSequenceAtTheEndIsAnError() throws IOException {
        Path file = write("V1__a.sql", concat(utf8("x\ny "), new byte[]{(byte) 0xE2, (byte) 0x82}));
        MigrationSourceException e = assertThrows(MigrationSourceException.class, () -> ScriptText.read(file));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("invalid UTF-8 byte 0xE2"), e.getMessage());
    }

    @Test
    void encodedSurrogateIsAnError() throws IOException {
        Path file = write("V1__a.sql", concat(utf8("x "), new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}));
        MigrationSourceException e = assertThrows(MigrationSourceException.class, () -> ScriptText.read(file));
        assertEquals(1, e.line());
    }

    @Test
    void missingFileIsAnIoError() {
        Path file = dir.resolve("gone.sql");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> ScriptText.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void lineOfCountsLfInNormalisedText() {
        String text = "a\nb\nc";
        assertEquals(1, ScriptText.lineOf(text, 0));
        assertEquals(1, ScriptText.lineOf(text, 1));
        assertEquals(2, ScriptText.lineOf(text, 2));
        assertEquals(3, ScriptText.lineOf(text, 4));
        assertEquals(3, ScriptText.lineOf(text, 100));
    }

    @Test
    void aByteOrderMarkAtTheStartOfALaterLineIsAnErrorNamingTheLine() throws IOException {
        Path file = write("V1__cat.sql", concat(utf8("SELECT 1;\r\nSELECT 2;\n"), BOM, utf8("SELECT 3;\n")));
        MigrationSourceException e = assertThrows(MigrationSourceException.class, () -> ScriptText.read(file));
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("byte-order mark (U+FEFF, bytes EF BB BF) at the start of this line"), e.getMessage());
    }

    @Test
    void utf16IsNamedWithOrWithoutItsByteOrderMark() throws IOException {
        byte[] le = "SELECT 1;\n".getBytes(StandardCharsets.UTF_16LE);
        MigrationSourceException withMark = assertThrows(MigrationSourceException.class,
                () -> ScriptText.read(write("V1__a.sql", concat(new byte[]{(byte) 0xFF, (byte) 0xFE}, le))));
        assertTrue(withMark.getMessage().contains("UTF-16 byte-order mark"), withMark.getMessage());
        MigrationSourceException without = assertThrows(MigrationSourceException.class, () -> ScriptText.read(write("V2__a.sql", le)));
        assertTrue(without.getMessage().contains("looks like UTF-16"), without.getMessage());
    }

    @Test
    void aFileOverTheLimitIsRefusedWithItsSizeAndTheSetting() throws IOException {
        Path file = write("V1__big.sql", new byte[3 << 20]);
        MigrationSourceException e = assertThrows(MigrationSourceException.class, () -> ScriptText.read(file, 2 << 20));
        assertTrue(e.getMessage().contains("the file is 3 MiB, more than the 2 MiB a migration file may have (maxScriptSize)"), e.getMessage());
    }
}
