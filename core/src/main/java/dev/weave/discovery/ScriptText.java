package dev.weave.discovery;

import dev.weave.error.MigrationSourceException;

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
 * checkout does not "change" every migration. A file is read once, whole, and what runs is that text: a file
 * longer than the size limit is refused before a byte of it is read, so a huge file cannot exhaust the heap.
 */
public final class ScriptText {

    private ScriptText() {
    }

    /** Files up to the default limit of {@link #DEFAULT_MAX_SIZE}. */
    public static String read(Path file) {
        return read(file, DEFAULT_MAX_SIZE);
    }

    /** Reading takes about six times the file's size of heap (bytes, decoded chars, normalised text). */
    public static final long DEFAULT_MAX_SIZE = dev.weave.api.WeaveConfig.DEFAULT_MAX_SCRIPT_SIZE;

    public static String read(Path file, long maxSize) {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > maxSize) {
                throw new MigrationSourceException(file, "the file is " + size(size) + ", more than the "
                        + size(maxSize) + " a migration file may have (maxScriptSize): split it into several"
                        + " migrations, or raise maxScriptSize in weave.yaml (e.g. maxScriptSize: 512MiB, at most 1GiB)");
            }
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
                            + (utf16ByteOrderMark(bytes) ? " (the file starts with a UTF-16 byte-order mark: it was saved as UTF-16)" : "")
                            + ": migration files must be UTF-8; re-save the file as UTF-8");
        }
        decoder.flush(out);
        out.flip();
        for (int at = 0; at < bytes.length; at++) {
            if (bytes[at] == 0) {
                // valid UTF-8, but no store takes it in a statement (PostgreSQL's protocol breaks on it)
                throw new MigrationSourceException(file, lineAt(bytes, at), "NUL byte (0x00) at byte offset " + at
                        + (looksLikeUtf16(bytes) ? ": NUL bytes between the characters, so the file looks like UTF-16 without"
                        + " a byte-order mark; migration files must be UTF-8; re-save the file as UTF-8"
                        : ": migration files are text; remove it (or was a binary file saved here?)"));
            }
        }
        String text = out.toString();
        refuseByteOrderMarkAtALineStart(file, text);
        return normalise(text);
    }

    /** A size as the limit is written: "200 MiB", "512 KiB", "1536 bytes". */
    static String size(long bytes) {
        if (bytes >= 1L << 20) {
            double mib = bytes / (double) (1L << 20);
            return mib == Math.rint(mib) ? (long) mib + " MiB" : String.format(java.util.Locale.ROOT, "%.1f MiB", mib);
        }
        if (bytes >= 1L << 10 && bytes % 1024 == 0) {
            return (bytes >> 10) + " KiB";
        }
        return bytes + " bytes";
    }

    private static boolean utf16ByteOrderMark(byte[] bytes) {
        return bytes.length >= 2 && ((bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE)
                || (bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF));
    }

    /** ASCII text saved as UTF-16 has a NUL in every other byte: at least a third of NULs says so. */
    private static boolean looksLikeUtf16(byte[] bytes) {
        int nuls = 0;
        for (byte b : bytes) {
            if (b == 0) {
                nuls++;
            }
        }
        return bytes.length >= 4 && nuls * 3 >= bytes.length;
    }

    /**
     * A byte-order mark at the start of a later line is what concatenating files leaves: invisible in an
     * editor, it makes the store fail on a statement that looks right. One inside a line (a string literal
     * holding U+FEFF) is kept.
     */
    private static void refuseByteOrderMarkAtALineStart(Path file, String text) {
        for (int at = text.indexOf('\uFEFF', 1); at >= 0; at = text.indexOf('\uFEFF', at + 1)) {
            char before = text.charAt(at - 1);
            if (before == '\n' || before == '\r') {
                throw new MigrationSourceException(file, lineOf(normalise(text.substring(0, at)), Integer.MAX_VALUE),
                        "a byte-order mark (U+FEFF, bytes EF BB BF) at the start of this line: only the very start of a file"
                                + " may have one (were files concatenated?); remove it, it is invisible in most editors");
            }
        }
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
