package dev.weave.bench;

import dev.weave.api.InfoLine;
import dev.weave.api.InfoResult;
import dev.weave.api.MigrateAllOptions;
import dev.weave.api.MigrateAllResult;
import dev.weave.api.MigrateResult;
import dev.weave.api.TargetConfig;
import dev.weave.api.ValidationResult;
import dev.weave.api.WeaveConfig;
import dev.weave.core.Weave;
import org.apache.http.HttpHost;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.ValidateResult;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Logging;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The measured operations, each written the way the tool's documentation shows it (configure, then one call).
 * Every one fails loudly when the tool did not do what was asked, so a broken run can never pass as a fast one.
 */
final class Operations {

    static final String PG_TARGET = "app";
    static final String NEO4J_TARGET = "graph";
    static final String ES_TARGET = "search";

    private Operations() {
    }

    static Map<String, String> run(Tool tool, String store, String operation, List<Path> dirs, Connections c)
            throws Exception {
        if (store.equals("fanout")) {
            return FanOutBench.childOperation(tool, operation, dirs, c);
        }
        if (store.equals("all")) {
            return switch (operation) {
                case "migrate-all" -> weaveMigrateAll(dirs, c);
                case "sequential" -> weaveSequential(dirs, c);
                default -> throw new IllegalArgumentException(operation);
            };
        }
        Store s = Store.of(store);
        Path dir = dirs.get(0);
        return switch (tool) {
            case WEAVE -> weave(s, operation, dir, c);
            case PEER -> switch (s) {
                case POSTGRES -> flyway(operation, dir, c);
                case NEO4J -> new Neo4jMigrationsPeer().run(operation, dir, c);
                case ELASTICSEARCH -> new EvolutionPeer().run(operation, dir, c);
            };
            case FLOOR -> {
                if (!operation.equals("migrate")) {
                    throw new IllegalArgumentException("the floor only migrates");
                }
                yield switch (s) {
                    case POSTGRES -> floorPostgres(dir, c);
                    case NEO4J -> floorNeo4j(dir, c);
                    case ELASTICSEARCH -> floorElasticsearch(dir, c);
                };
            }
        };
    }

    // ---- Weave (its Java API: the engine the CLI runs)

    static TargetConfig target(Store s, Path dir, Connections c) {
        return switch (s) {
            case POSTGRES -> new TargetConfig(PG_TARGET, "postgres", dir, Map.of("host", c.pgHost(),
                    "port", String.valueOf(c.pgPort()), "database", c.pgDatabase(), "user", c.pgUser(),
                    "password", c.pgPassword()), false);
            case NEO4J -> new TargetConfig(NEO4J_TARGET, "neo4j", dir, Map.of("uri", c.neo4jUri(),
                    "user", c.neo4jUser(), "password", c.neo4jPassword()), false);
            case ELASTICSEARCH -> new TargetConfig(ES_TARGET, "elasticsearch", dir, Map.of("host", c.esHost(),
                    "port", String.valueOf(c.esPort())), false);
        };
    }

    static String targetName(Store s) {
        return switch (s) {
            case POSTGRES -> PG_TARGET;
            case NEO4J -> NEO4J_TARGET;
            case ELASTICSEARCH -> ES_TARGET;
        };
    }

    private static Weave weaveFor(List<Store> stores, List<Path> dirs, Connections c) {
        WeaveConfig.Builder b = WeaveConfig.builder().location(dirs.get(0).getParent()).environment(Map.of());
        for (int i = 0; i < stores.size(); i++) {
            b.target(target(stores.get(i), dirs.get(i), c));
        }
        return Weave.create(b.build());
    }

    static Map<String, String> weave(Store s, String operation, Path dir, Connections c) {
        Weave weave = weaveFor(List.of(s), List.of(dir), c);
        String name = targetName(s);
        Map<String, String> facts = new LinkedHashMap<>();
        switch (operation) {
            case "migrate" -> {
                MigrateResult r = weave.migrate(name);
                facts.put("applied", String.valueOf(r.applied().size()));
            }
            case "validate" -> {
                ValidationResult v = weave.validate(name, false);
                require(v.isValid(), "validate found problems: " + v.problems());
                facts.put("items", String.valueOf(v.applied()));
            }
            case "info" -> {
                InfoResult info = weave.info(name);
                long applied = info.migrations().stream().map(InfoLine::state).filter("APPLIED"::equals).count();
                require(applied == info.migrations().size(), "info shows migrations not applied");
                facts.put("items", String.valueOf(info.migrations().size()));
            }
            default -> throw new IllegalArgumentException(operation);
        }
        return facts;
    }

    private static final List<Store> ALL = List.of(Store.POSTGRES, Store.NEO4J, Store.ELASTICSEARCH);

    static Map<String, String> weaveMigrateAll(List<Path> dirs, Connections c) {
        Weave weave = weaveFor(ALL, dirs, c);
        MigrateAllResult r = weave.migrateAll(MigrateAllOptions.defaults());
        Map<String, String> facts = new LinkedHashMap<>();
        int applied = 0;
        for (MigrateAllResult.TargetRun run : r.targets()) {
            require(run.status() == MigrateAllResult.Status.APPLIED, run.target() + " ended " + run.status() + ": " + run.error());
            applied += run.applied().size();
            facts.put("ms." + run.target(), String.valueOf(run.millis()));
        }
        facts.put("applied", String.valueOf(applied));
        return facts;
    }

    /** The same three targets migrated one after another, each timed, in one JVM. */
    static Map<String, String> weaveSequential(List<Path> dirs, Connections c) {
        Weave weave = weaveFor(ALL, dirs, c);
        Map<String, String> facts = new LinkedHashMap<>();
        int applied = 0;
        for (Store s : ALL) {
            long t0 = System.nanoTime();
            applied += weave.migrate(targetName(s)).applied().size();
            facts.put("ms." + targetName(s), String.valueOf((System.nanoTime() - t0) / 1_000_000.0));
        }
        facts.put("applied", String.valueOf(applied));
        return facts;
    }

    // ---- Flyway (core + PostgreSQL module)

    static Map<String, String> flyway(String operation, Path dir, Connections c) {
        Flyway flyway = Flyway.configure()
                .dataSource(c.jdbcUrl(), c.pgUser(), c.pgPassword())
                .locations("filesystem:" + dir)
                .load();
        Map<String, String> facts = new LinkedHashMap<>();
        switch (operation) {
            case "migrate" -> facts.put("applied", String.valueOf(flyway.migrate().migrationsExecuted));
            case "validate" -> {
                ValidateResult v = flyway.validateWithResult();
                require(v.validationSuccessful, "validate failed: " + v.getAllErrorMessages());
                facts.put("items", String.valueOf(v.validateCount));
            }
            case "info" -> {
                MigrationInfo[] all = flyway.info().all();
                for (MigrationInfo m : all) {
                    require(m.getState() == MigrationState.SUCCESS, "info: " + m.getScript() + " is " + m.getState());
                }
                facts.put("items", String.valueOf(all.length));
            }
            default -> throw new IllegalArgumentException(operation);
        }
        return facts;
    }

    // ---- the floor: the same statements, a minimal client, no ledger, no lock, no checksums

    /** Plain JDBC: each file's statements in one transaction, as Weave and Flyway run them. */
    static Map<String, String> floorPostgres(Path dir, Connections c) throws IOException, SQLException {
        int files = 0;
        try (Connection connection = DriverManager.getConnection(c.jdbcUrl(), c.pgUser(), c.pgPassword())) {
            connection.setAutoCommit(false);
            for (Path file : Generator.files(dir, ".sql")) {
                try (Statement st = connection.createStatement()) {
                    for (String sql : Generator.statements(Files.readString(file, StandardCharsets.UTF_8))) {
                        st.execute(sql);
                    }
                }
                connection.commit();
                files++;
            }
        }
        return Map.of("applied", String.valueOf(files));
    }

    /** The driver: each file's statements in one transaction (schema files are schema-only, data files data-only). */
    static Map<String, String> floorNeo4j(Path dir, Connections c) throws IOException {
        int files = 0;
        Driver driver = neo4jDriver(c);
        try (Session session = driver.session(SessionConfig.defaultConfig())) {
            for (Path file : Generator.files(dir, ".cypher")) {
                List<String> statements = Generator.statements(Files.readString(file, StandardCharsets.UTF_8));
                session.executeWriteWithoutResult(tx -> statements.forEach(s -> tx.run(s).consume()));
                files++;
            }
        } finally {
            driver.closeAsync();
        }
        return Map.of("applied", String.valueOf(files));
    }

    /** The low-level REST client: each file's one request. */
    static Map<String, String> floorElasticsearch(Path dir, Connections c) throws IOException {
        int files = 0;
        try (RestClient client = RestClient.builder(new HttpHost(c.esHost(), c.esPort(), "http")).build()) {
            for (Path file : Generator.files(dir, ".http")) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                int eol = text.indexOf('\n');
                String[] requestLine = text.substring(0, eol).strip().split(" ", 2);
                String body = text.substring(text.indexOf("\n\n") + 2);
                Request request = new Request(requestLine[0], requestLine[1]);
                if (!body.isBlank()) {
                    request.setEntity(new NStringEntity(body, ContentType.APPLICATION_JSON));
                }
                client.performRequest(request);
                files++;
            }
        }
        return Map.of("applied", String.valueOf(files));
    }

    static Driver neo4jDriver(Connections c) {
        return GraphDatabase.driver(c.neo4jUri(), AuthTokens.basic(c.neo4jUser(), c.neo4jPassword()),
                Config.builder().withLogging(Logging.none()).build());
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    static final Set<String> OPERATIONS = Set.of("migrate", "validate", "info");
}
