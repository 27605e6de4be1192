package dev.weave.testing.memory;

import dev.weave.error.MigrationSourceException;
import dev.weave.spi.Script;

import java.util.ArrayList;
import java.util.List;

/** The statements of a {@code .mem} file, each with its line. */
record MemoryScript(int line, int number, String verb, String argument) {

    static List<MemoryScript> parse(Script script) {
        List<MemoryScript> statements = new ArrayList<>();
        String[] lines = script.text().split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String text = lines[i].strip();
            if (text.isEmpty() || text.startsWith("--")) {
                continue;
            }
            String[] parts = text.split("\\s+", 2);
            String verb = parts[0].toLowerCase(java.util.Locale.ROOT);
            if (!List.of("create", "drop", "fail").contains(verb) || parts.length < 2) {
                throw new MigrationSourceException(script.file().path(), i + 1, "'" + text
                        + "' is not a statement of the memory store; write create NAME, drop NAME or fail REASON");
            }
            statements.add(new MemoryScript(i + 1, statements.size() + 1, verb, parts[1].strip()));
        }
        return statements;
    }
}
