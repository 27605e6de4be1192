package dev.weave.discovery;

import dev.weave.api.MigrationSourceException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a migration file as normalised text: strict UTF-8 (an invalid byte, or a NUL, is an error naming its line),
 * byte order mark dropped, CRLF and CR read as LF. The checksum is taken over this text, so a Windows
 * checkout does not "change" every migration.
 */
public final class ScriptText {

    private ScriptText() {
    }

    public static String read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return decode(file, bytes);
    }

    static String decode(Path file, byte[] bytes) {
        if (plainAscii(bytes)) {
            return normalise(new String(bytes, StandardCharsets.US_ASCII)); // most files: no decoder needed
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            throw new MigrationSourceException(file, lineAt(bytes, at),
                    "invalid UTF-8 byte 0x" + String.format("%02X", bytes[at] & 0xff) + " at byte offset " + at
                            + ": migration files must be UTF-8; re-save the file as UTF-8");
        }
        decoder.flush(out);
        out.flip();
        for (int at = 0; at < bytes.length; at++) {
            if (bytes[at] == 0) {
                // valid UTF-8, but no store takes it in a statement (PostgreSQL's protocol breaks on it)
                throw new MigrationSourceException(file, lineAt(bytes, at), "NUL byte (0x00) at byte offset " + at
                        + ": migration files are text; remove it (or was a binary file saved here?)");
            }
        }
        return normalise(out.toString());
    }

    /** True when every byte is ASCII and none is NUL: such bytes are valid UTF-8 and read the same in ASCII. */
    private static boolean plainAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b <= 0) {
                return false;
            }
        }
        return true;
    }

    /** Drops a leading BOM and turns CRLF and lone CR into LF. */
    public static String normalise(String text) {
        String s = text.startsWith("\uFEFF") ? text.substring(1) : text;
        if (s.indexOf('\r') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r') {
                sb.append('\n');
                if (i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                    i++;
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The 1-based line of a byte offset, counting LF, CRLF and lone CR line ends (as {@link #normalise} does). */
    private static int lineAt(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) {
            if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n'))) {
                line++;
            }
        }
        return line;
    }

    /** The 1-based line of a char offset in a normalised text. */
    public static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
