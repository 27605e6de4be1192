package dev.weave.reliability;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a store or a client library has to say reaches the user in Weave's own words, naming the file and the
 * request, and never as the library's raw logging on the terminal. A real process, because library logging
 * goes to the process's own stderr, which an in-process run does not see.
 */
class LibraryOutputTest {

    @Test
    void anElasticsearchDeprecationWarningIsAWeaveWarningNamingTheFileAndTheRequest() {
        String p = "libout_";
        Servers.es().send("DELETE", "/_template/" + p + "legacy", null);
        Path project = Work.project("es-deprecation-warning");
        Work.write(project.resolve("weave.yaml"), "stores:\n  elasticsearch: { indexPrefix: " + p + " }\n");
        // Legacy index templates are deprecated in 8.x: Elasticsearch answers 200 with a Warning header.
        Work.write(project.resolve(".weave/migrations/elasticsearch/scripts/V1__legacy_template.http"),
                "PUT /" + p + "docs\n\n###\n\nPUT /_template/" + p + "legacy\n\n{\"index_patterns\": [\"" + p + "legacy-*\"]}\n");

        WeaveProcess.Result run = WeaveProcess.run(project, Servers.env(), Duration.ofMinutes(2), "db", "migrate", "elasticsearch");

        assertEquals(0, run.exit(), run.toString());
        String warning = run.out().lines().filter(l -> l.contains("warning")).findFirst().orElse("");
        assertTrue(warning.contains("V1__legacy_template.http"), "the warning names the file: " + run);
        assertTrue(warning.contains("request 2 (PUT /_template/" + p + "legacy, line 5)"), "and the request: " + run);
        assertTrue(warning.toLowerCase().contains("deprecated"), "and says what Elasticsearch said: " + run);
        assertFalse(run.all().contains("org.elasticsearch.client"), "no raw library logging: " + run);
        assertFalse(run.all().contains("returned 1 warnings"), "no raw library logging: " + run);
    }
}
