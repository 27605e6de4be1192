package dev.weave.discovery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChecksumsTest {

    @TempDir
    Path dir;

    private String checksumOfFile(String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return Checksums.of(ScriptText.read(file));
    }

    @Test
    void namesItsAlgorithm() {
        String checksum = Checksums.of("SELECT 1;\n");
        assertTrue(checksum.startsWith("sha256:"), checksum);
        assertTrue(checksum.substring("sha256:".length()).matches("[0-9a-f]{64}"), checksum);
    }

    @Test
    void isSha256OfTheUtf8Text() {
        assertEquals("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Checksums.of(""));
        assertEquals("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Checksums.of("abc"));
    }

    @Test
    void lineEndingsAndBomDoNotChangeTheChecksum() throws IOException {
        String lf = "CREATE TABLE users (\n  id bigint primary key,\n  name text -- Grüße\n);\n";
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        String crlf = lf.replace("\n", "\r\n");
        String cr = lf.replace("\n", "\r");
        byte[] bomCrlf = new byte[bom.length + crlf.getBytes(StandardCharsets.UTF_8).length];
        System.arraycopy(bom, 0, bomCrlf, 0, bom.length);
        System.arraycopy(crlf.getBytes(StandardCharsets.UTF_8), 0, bomCrlf, bom.length, bomCrlf.length - bom.length);

        String expected = Checksums.of(lf);
        assertEquals(expected, checksumOfFile("lf.sql", lf.getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, checksumOfFile("crlf.sql", crlf.getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, checksumOfFile("cr.sql", cr.getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, checksumOfFile("bom-crlf.sql", bomCrlf));
    }

    @Test
    void differentContentGivesDifferentChecksums() {
        List<String> texts = List.of("SELECT 1;", "SELECT 2;", "SELECT 1;\n", "select 1;", "SELECT  1;", " SELECT 1;", "");
        Set<String> checksums = new HashSet<>();
        for (String text : texts) {
            checksums.add(Checksums.of(text));
        }
        assertEquals(texts.size(), checksums.size());
        assertNotEquals(Checksums.of("a\n"), Checksums.of("a\n\n"));
    }

    @Test
    void isDeterministic() {
        assertEquals(Checksums.of("x"), Checksums.of(new String("x")));
    }

    @Test
    void matches() {
        String current = Checksums.of("SELECT 1;");
        assertTrue(Checksums.matches(current, current));
        assertTrue(Checksums.matches(current.toUpperCase().replace("SHA256:", "sha256:"), current), "hex case does not matter");
        assertFalse(Checksums.matches(Checksums.of("SELECT 2;"), current));
        assertTrue(Checksums.matches(null, current), "no stored checksum (baseline, delete) never mismatches");
        assertFalse(Checksums.matches("crc32:12345", current), "another algorithm is compared literally");
        assertTrue(Checksums.matches("crc32:12345", "crc32:12345"));
    }
}
