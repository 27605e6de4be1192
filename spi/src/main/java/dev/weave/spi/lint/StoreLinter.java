package dev.weave.spi.lint;

import dev.weave.model.MigrationFile;

import java.util.List;

/**
 * Lints one target's files, handed over in the order they run (versioned by version, then repeatables). It may
 * remember what earlier files did — a table created in an earlier file is an existing table for the next — so
 * one linter serves one target for one run.
 */
public interface StoreLinter {

    StoreLinter NONE = (file, text) -> List.of();

    /**
     * @param text the file's text as it is on disk (placeholders not replaced), lines as in the file
     * @return what the store's rules say about it, in line order
     */
    List<LintFinding> check(MigrationFile file, String text);
}
