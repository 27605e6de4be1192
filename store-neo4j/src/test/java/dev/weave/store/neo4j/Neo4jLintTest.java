package dev.weave.store.neo4j;

import dev.weave.conformance.LintCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Neo4j lint rules against the corpus in src/test/resources/lint-corpus, offline as the command runs. */
class Neo4jLintTest {

    @TempDir
    Path work;

    @Test
    void everyCorpusFileGetsExactlyTheFindingsItExpects() {
        List<String> mismatches = LintCorpus.mismatches("neo4j", Path.of("src/test/resources/lint-corpus"), work);
        assertEquals(List.of(), mismatches, String.join("\n", mismatches));
    }
}
