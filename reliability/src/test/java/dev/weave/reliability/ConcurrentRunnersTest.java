package dev.weave.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Promise: however many runners start at once, every migration is applied exactly once, every ledger
 * stays consistent, and every runner ends with 0 or 5 (lock not acquired in time).
 *
 * <p>Real {@code weave} processes against the real servers: each round gives every store fresh targets
 * (two PostgreSQL databases with a cross-target dependency, the Elasticsearch target under a new index
 * prefix, the Neo4j graph reset) and starts {@value #PROCESSES} {@code migrate-all} processes at once. Each
 * migration leaves a mark in its store, so a second application would show as a second mark.
 */
class ConcurrentRunnersTest {

    static final int PROCESSES = 8;
    /** 3 rounds fit the CI budget on 2 cores (~15 s a round); raise with -Dreliability.rounds=N. */
    static final int ROUNDS = Integer.getInteger("reliability.rounds", 3);
    private static final Duration LIMIT = Duration.ofSeconds(150);

    private final Pg pg = Servers.pg();
    private final Es es = Servers.es();
    private final Graph graph = Servers.neo4j();

    @Test
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    @ResourceLock(Resources.NEO4J)
    void eightMigrateAllProcessesAtOnceApplyEveryMigrationExactlyOnce() {
        for (int round = 1; round <= ROUNDS; round++) {
            round(round);
            Figures.set("concurrency.migrateAll.rounds", round);
        }
    }

    private void round(int round) {
        Path project = Work.project("concurrency-round-" + round);
        String app = "cc" + round + "_app";
        String billing = "cc" + round + "_billing";
        String prefix = "cc" + round + "_";
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put(app, postgresApp(project, app));
        expected.put(billing, postgresBilling(project, billing, app));
        expected.put("elasticsearch", elasticsearch(project, prefix, billing));
        graph.reset();
        expected.put("neo4j", neo4j(project, app));
        Work.write(project.resolve("weave.yaml"), "stores:\n  elasticsearch: { indexPrefix: " + prefix + " }\n");

        List<WeaveProcess> processes = new ArrayList<>();
        List<WeaveProcess.Result> results = new ArrayList<>();
        try {
            for (int i = 0; i < PROCESSES; i++) {
                List<String> args = new ArrayList<>(List.of("db", "migrate-all", "--json", "--parallel", String.valueOf(i % 3 + 1)));
                // two impatient runners: they may give up on a lock (exit 5), which must change nothing
                args.addAll(List.of("--lock-timeout", i >= PROCESSES - 2 ? "1s" : "60s"));
                processes.add(WeaveProcess.start(project, Servers.env(), args));
            }
            for (WeaveProcess p : processes) {
                results.add(p.await(LIMIT));
            }
        } finally {
            processes.forEach(WeaveProcess::close);
        }

        Map<String, Integer> appliedByRunners = new TreeMap<>();
        for (WeaveProcess.Result r : results) {
            Figures.add("concurrency.migrateAll.processes", 1);
            Figures.add("concurrency.migrateAll.exit" + r.exit(), 1);
            assertTrue(r.exit() == 0 || r.exit() == 5, "round " + round + ": exit must be 0 or 5: " + r);
            JsonNode json = Json.of(r);
            assertFalse(json.has("error"), "round " + round + ": " + r);
            for (JsonNode t : json.path("targets")) {
                String status = t.path("status").asText();
                int code = t.path("exitCode").asInt();
                boolean fine = status.equals("APPLIED") || status.equals("UP_TO_DATE")
                        || status.equals("FAILED") && code == 5 || status.equals("STOPPED") || status.equals("BLOCKED");
                assertTrue(fine, "round " + round + ": target " + t.path("target").asText() + " ended " + status
                        + " (exit " + code + "): " + t.path("error").asText() + "\n" + r);
                appliedByRunners.merge(t.path("target").asText(), t.path("applied").size(), Integer::sum);
                if (status.equals("FAILED")) {
                    Figures.add("concurrency.migrateAll.lockTimeouts", 1);
                }
            }
        }

        // each migration applied by exactly one of the runners ...
        Map<String, Integer> files = new TreeMap<>();
        expected.forEach((target, scripts) -> files.put(target, scripts.size()));
        assertEquals(files, appliedByRunners, "round " + round + ": migrations applied, summed over all runners");

        // ... recorded once in each ledger, and done once in each store
        Ledgers.assertConsistent(app, pg.ledger(app), expected.get(app));
        Ledgers.assertConsistent(billing, pg.ledger(billing), expected.get(billing));
        assertOnce(app, pg.counts(app, "SELECT script, count(*) FROM effects GROUP BY script"), expected.get(app));
        assertOnce(billing, pg.counts(billing, "SELECT script, count(*) FROM effects GROUP BY script"), expected.get(billing));
        assertEquals(1, pg.count(app, "SELECT count(*) FROM accounts WHERE name = 'user 1!'"), "V4 ran once");
        assertFalse(pg.lockHeld(app) || pg.lockHeld(billing), "a PostgreSQL lock outlived its runner");

        Ledgers.assertConsistent("elasticsearch", es.ledger(prefix), expected.get("elasticsearch"));
        assertOnce("elasticsearch", frequencies(es.values(prefix + "effects", "script")), expected.get("elasticsearch"));
        assertTrue(es.lock(prefix).isEmpty(), "the Elasticsearch lock outlived its runners: " + es.lock(prefix));

        Ledgers.assertConsistent("neo4j", graph.ledger(), expected.get("neo4j"));
        Map<String, Long> marks = new TreeMap<>();
        for (String script : expected.get("neo4j")) {
            marks.put(script, graph.count("MATCH (e:Effect {script: '" + script + "'}) RETURN count(e)"));
        }
        assertOnce("neo4j", marks, expected.get("neo4j"));
        assertEquals(1, graph.count("MATCH (i:Item {id: 1}) RETURN i.touched"), "V2 ran once");
        assertTrue(graph.lock().isEmpty(), "the Neo4j lock outlived its runners: " + graph.lock());

        WeaveProcess.Result validate = WeaveProcess.run(project, Servers.env(), LIMIT, "db", "validate-all");
        assertEquals(0, validate.exit(), "round " + round + ": validate-all after the round: " + validate);
        int migrations = files.values().stream().mapToInt(Integer::intValue).sum();
        Figures.add("concurrency.migrateAll.migrationsAppliedExactlyOnce", migrations);
        Figures.add("concurrency.migrateAll.targetsChecked", files.size());
    }

    private static void assertOnce(String target, Map<String, Long> marks, List<String> scripts) {
        Map<String, Long> once = new TreeMap<>();
        scripts.forEach(s -> once.put(s, 1L));
        assertEquals(once, new TreeMap<>(marks), target + ": marks left in the store per migration");
    }

    private static Map<String, Long> frequencies(List<String> values) {
        return values.stream().collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    }

    // ---- the migrations of a round; each returns its scripts, each script leaves one mark

    private List<String> postgresApp(Path project, String db) {
        pg.recreate(db);
        Path dir = project.resolve(".weave/migrations").resolve(db);
        Map<String, String> files = new LinkedHashMap<>();
        files.put("V1__accounts.sql", "CREATE TABLE accounts (id INT PRIMARY KEY, name TEXT);\n"
                + "CREATE TABLE effects (script TEXT NOT NULL, at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp());\n");
        files.put("V2__seed.sql", "INSERT INTO accounts SELECT g, 'user ' || g FROM generate_series(1, 500) g;\n"
                + "SELECT pg_sleep(0.3);\n");
        files.put("V3__index.sql", "CREATE INDEX accounts_name ON accounts (name);\n");
        files.put("V4__mark_first.sql", "UPDATE accounts SET name = name || '!' WHERE id = 1;\n");
        files.put("R__report.sql", "CREATE OR REPLACE VIEW account_count AS SELECT count(*) AS n FROM accounts;\n");
        files.forEach((name, sql) -> Work.write(dir.resolve(name), sql + "INSERT INTO effects (script) VALUES ('" + name + "');\n"));
        return List.copyOf(files.keySet());
    }

    private List<String> postgresBilling(Path project, String db, String app) {
        pg.recreate(db);
        Path dir = project.resolve(".weave/migrations").resolve(db);
        Map<String, String> files = new LinkedHashMap<>();
        files.put("V1__plans.sql", "CREATE TABLE plans (id INT PRIMARY KEY);\n"
                + "CREATE TABLE effects (script TEXT NOT NULL);\n");
        files.put("V2__invoices.sql", "-- depends-on: " + app + ":3\nCREATE TABLE invoices (id INT);\nSELECT pg_sleep(0.2);\n");
        files.put("V3__first_plan.sql", "INSERT INTO plans VALUES (1);\n");
        files.forEach((name, sql) -> Work.write(dir.resolve(name), sql + "INSERT INTO effects (script) VALUES ('" + name + "');\n"));
        return List.copyOf(files.keySet());
    }

    private List<String> elasticsearch(Path project, String prefix, String billing) {
        Path dir = project.resolve(".weave/migrations/elasticsearch/scripts");
        Map<String, String> files = new LinkedHashMap<>();
        files.put("V1__indices.http", "PUT /" + prefix + "items\n\n{\"settings\": {\"number_of_shards\": 1, \"number_of_replicas\": 0}}\n"
                + "###\nPUT /" + prefix + "effects\n\n{\"settings\": {\"number_of_shards\": 1, \"number_of_replicas\": 0},"
                + " \"mappings\": {\"properties\": {\"script\": {\"type\": \"keyword\"}}}}\n");
        files.put("V2__first_item.http", "PUT /" + prefix + "items/_doc/1?refresh=true\n\n{\"name\": \"one\"}\n");
        files.put("V3__slow.http", "GET /_nodes/hot_threads?interval=300ms\n");
        files.put("V4__after_billing.http", "# depends-on: " + billing + ":2\nGET /" + prefix + "items/_count\n");
        files.forEach((name, http) -> Work.write(dir.resolve(name), http + "###\nPOST /" + prefix
                + "effects/_doc?refresh=true\n\n{\"script\": \"" + name + "\"}\n"));
        return List.copyOf(files.keySet());
    }

    private List<String> neo4j(Path project, String app) {
        Path dir = project.resolve(".weave/migrations/neo4j/cypher");
        Map<String, String> files = new LinkedHashMap<>();
        files.put("V1__items.cypher", "UNWIND range(1, 100) AS i CREATE (:Item {id: i});\n");
        files.put("V2__touch.cypher", "MATCH (i:Item {id: 1}) SET i.touched = coalesce(i.touched, 0) + 1;\n");
        files.put("V3__more.cypher", "// depends-on: " + app + ":4\nUNWIND range(101, 200) AS i CREATE (:Item {id: i});\n");
        files.forEach((name, cypher) -> Work.write(dir.resolve(name), cypher + "CREATE (:Effect {script: '" + name + "'});\n"));
        return List.copyOf(files.keySet());
    }

    /**
     * Two targets whose migrations wait for each other (a:2 needs b:1, b:2 needs a:1), migrated by two
     * runners at once. Each runner may hold one target's lock while that target waits for the other, whose
     * lock the other runner holds. A dependency is met when the other target's ledger shows it, whoever
     * applied it, so neither waits the other out: both end 0 well within the lock timeout (a wait-out would
     * end in exit 5), and every migration is applied once.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void twoRunnersOnTargetsThatWaitForEachOtherEndCleanly() {
        Path project = Work.project("concurrency-both-ways");
        String a = "bw_a";
        String b = "bw_b";
        for (String[] t : new String[][] {{a, b}, {b, a}}) {
            pg.recreate(t[0]);
            Path dir = project.resolve(".weave/migrations").resolve(t[0]);
            Work.write(dir.resolve("V1__first.sql"), "CREATE TABLE effects (script TEXT NOT NULL);\n"
                    + "INSERT INTO effects VALUES ('V1__first.sql');\nSELECT pg_sleep(0.5);\n");
            Work.write(dir.resolve("V2__second.sql"), "-- depends-on: " + t[1] + ":1\n"
                    + "INSERT INTO effects VALUES ('V2__second.sql');\n");
        }
        List<WeaveProcess.Result> results = new ArrayList<>();
        List<WeaveProcess> runners = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                runners.add(WeaveProcess.start(project, Servers.env(), "db", "migrate-all", "--json", "--lock-timeout", "60s",
                        "--only", i == 0 ? a + "," + b : b + "," + a));
            }
            for (WeaveProcess r : runners) {
                results.add(r.await(LIMIT));
            }
        } finally {
            runners.forEach(WeaveProcess::close);
        }
        Map<String, Integer> appliedByRunners = new TreeMap<>();
        for (WeaveProcess.Result r : results) {
            Figures.add("concurrency.bothWays.exit" + r.exit(), 1);
            assertEquals(0, r.exit(), "both runners end 0, neither waits the other out: " + r);
            for (JsonNode t : Json.of(r).path("targets")) {
                appliedByRunners.merge(t.path("target").asText(), t.path("applied").size(), Integer::sum);
            }
        }
        assertEquals(Map.of(a, 2, b, 2), appliedByRunners, "migrations applied, summed over both runners");
        for (String t : List.of(a, b)) {
            Ledgers.assertConsistent(t, pg.ledger(t), List.of("V1__first.sql", "V2__second.sql"));
            assertOnce(t, pg.counts(t, "SELECT script, count(*) FROM effects GROUP BY script"),
                    List.of("V1__first.sql", "V2__second.sql"));
            assertFalse(pg.lockHeld(t), t + ": a PostgreSQL lock outlived its runner");
        }
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    @ResourceLock(Resources.NEO4J)
    void migrateAndValidateAtTheSameTimeNeverSeeAHalfWrittenLedger() throws InterruptedException {
        Path project = Work.project("concurrency-migrate-validate");
        String db = "mv_app";
        String prefix = "mv_";
        Map<String, List<String>> expected = new LinkedHashMap<>();
        pg.recreate(db);
        Path pgDir = project.resolve(".weave/migrations").resolve(db);
        List<String> pgScripts = new ArrayList<>();
        for (int v = 1; v <= 6; v++) {
            String name = "V" + v + "__step_" + v + ".sql";
            Work.write(pgDir.resolve(name), (v == 1 ? "CREATE TABLE effects (script TEXT NOT NULL);\n" : "")
                    + "SELECT pg_sleep(0.15);\nINSERT INTO effects (script) VALUES ('" + name + "');\n");
            pgScripts.add(name);
        }
        expected.put(db, pgScripts);
        Path esDir = project.resolve(".weave/migrations/elasticsearch/scripts");
        List<String> esScripts = new ArrayList<>();
        for (int v = 1; v <= 5; v++) {
            String name = "V" + v + "__step_" + v + ".http";
            Work.write(esDir.resolve(name), "GET /_nodes/hot_threads?interval=150ms\n###\nPOST /" + prefix
                    + "effects/_doc?refresh=true\n\n{\"script\": \"" + name + "\"}\n");
            esScripts.add(name);
        }
        expected.put("elasticsearch", esScripts);
        graph.reset();
        Path neoDir = project.resolve(".weave/migrations/neo4j/cypher");
        List<String> neoScripts = new ArrayList<>();
        for (int v = 1; v <= 4; v++) {
            String name = "V" + v + "__step_" + v + ".cypher";
            Work.write(neoDir.resolve(name), "CREATE (:Effect {script: '" + name + "'});\n");
            neoScripts.add(name);
        }
        expected.put("neo4j", neoScripts);
        Work.write(project.resolve("weave.yaml"), "stores:\n  elasticsearch: { indexPrefix: " + prefix + " }\n");

        // per target: two migrate runners and validators started while they work
        List<WeaveProcess> migrators = new ArrayList<>();
        List<WeaveProcess> validators = new ArrayList<>();
        List<WeaveProcess.Result> migrations = new ArrayList<>();
        List<WeaveProcess.Result> validations = new ArrayList<>();
        List<String> targets = List.copyOf(expected.keySet());
        int validatorsPerTarget = 2; // 6 migrate runners and 6 validators, at most 12 processes at once
        try {
            for (String target : targets) {
                for (int i = 0; i < 2; i++) {
                    migrators.add(WeaveProcess.start(project, Servers.env(), "db", "migrate", target, "--lock-timeout", "60s"));
                }
            }
            for (int wave = 0; wave < validatorsPerTarget; wave++) {
                Thread.sleep(700);
                for (String target : targets) {
                    validators.add(WeaveProcess.start(project, Servers.env(), "db", "validate", target, "--json"));
                }
            }
            for (WeaveProcess p : migrators) {
                migrations.add(p.await(LIMIT));
            }
            for (WeaveProcess p : validators) {
                validations.add(p.await(LIMIT));
            }
        } finally {
            migrators.forEach(WeaveProcess::close);
            validators.forEach(WeaveProcess::close);
        }
        for (WeaveProcess.Result r : migrations) {
            Figures.add("concurrency.migrateValidate.migrateProcesses", 1);
            assertTrue(r.exit() == 0 || r.exit() == 5, "migrate: " + r);
        }
        Map<String, Integer> outcomes = new HashMap<>();
        for (WeaveProcess.Result r : validations) {
            Figures.add("concurrency.migrateValidate.validateProcesses", 1);
            assertTrue(r.exit() == 0 || r.exit() == 3, "validate while migrating: exit 0 or 3 only: " + r);
            JsonNode json = Json.of(r);
            for (JsonNode problem : json.path("problems")) {
                assertEquals("PENDING", problem.path("kind").asText(), "validate while migrating saw more than pending work: " + r);
            }
            outcomes.merge(r.exit() == 0 ? "valid" : "pending", 1, Integer::sum);
        }
        Figures.set("concurrency.migrateValidate.validateOutcomes", new TreeMap<>(outcomes));

        Ledgers.assertConsistent(db, pg.ledger(db), pgScripts);
        assertOnce(db, pg.counts(db, "SELECT script, count(*) FROM effects GROUP BY script"), pgScripts);
        Ledgers.assertConsistent("elasticsearch", es.ledger(prefix), esScripts);
        assertOnce("elasticsearch", frequencies(es.values(prefix + "effects", "script")), esScripts);
        Ledgers.assertConsistent("neo4j", graph.ledger(), neoScripts);
        for (String script : neoScripts) {
            assertEquals(1, graph.count("MATCH (e:Effect {script: '" + script + "'}) RETURN count(e)"), script);
        }
        for (String target : targets) {
            WeaveProcess.Result after = WeaveProcess.run(project, Servers.env(), LIMIT, "db", "validate", target);
            assertEquals(0, after.exit(), "validate once the runners are done: " + after);
        }
        if (migrations.stream().anyMatch(r -> r.exit() != 0)) {
            fail("with a 60 s lock timeout every migrate runner should get in: " + migrations);
        }
    }
}
