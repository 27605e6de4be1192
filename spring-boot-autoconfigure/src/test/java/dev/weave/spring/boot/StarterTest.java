package dev.weave.spring.boot;

import dev.weave.spring.boot.sample.SampleApplication;
import dev.weave.spring.boot.sample.UserDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Driver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sample application starts with the starter against the three real servers: the whole sample tree (PostgreSQL
 * app and billing, Neo4j, Elasticsearch) is migrated before the application's own beans read it, through the
 * application's DataSource, Driver and RestClient; {@code /actuator/weave}, health and metrics answer.
 */
@SpringBootTest(classes = SampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StarterTest {

    private static final String APP_DB = "boot_app";
    private static final String BILLING_DB = "boot_billing";

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) {
        RealStores stores = RealStores.get();
        var pg = stores.postgres;
        pg.dropDatabase(APP_DB);
        pg.dropDatabase(BILLING_DB);
        pg.createDatabase(APP_DB);
        pg.createDatabase(BILLING_DB);
        stores.neo4j.reset();
        // the application's own connections, configured as any Boot application configures them
        registry.add("spring.datasource.url", () -> pg.jdbcUrl(APP_DB));
        registry.add("spring.datasource.username", pg::user);
        registry.add("spring.datasource.password", pg::password);
        registry.add("spring.neo4j.uri", stores.neo4j::boltUri);
        registry.add("spring.neo4j.authentication.username", stores.neo4j::user);
        registry.add("spring.neo4j.authentication.password", stores.neo4j::password);
        registry.add("spring.elasticsearch.uris", stores.elasticsearch::url);
        registry.add("weave.location", () -> "file:../migrations"); // the repository's sample tree
        // app runs through the DataSource; billing, a second database, through Weave's own connection
        registry.add("weave.clients.app", () -> "dataSource");
        registry.add("weave.settings.billing.host", pg::host);
        registry.add("weave.settings.billing.port", () -> String.valueOf(pg.port()));
        registry.add("weave.settings.billing.user", pg::user);
        registry.add("weave.settings.billing.password", pg::password);
        registry.add("weave.settings.billing.database", () -> BILLING_DB);
        registry.add("management.endpoints.web.exposure.include", () -> "weave,health");
        registry.add("management.endpoint.health.show-details", () -> "always");
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    UserDirectory users;
    @Autowired
    Driver neo4j;
    @Autowired
    RestClient elasticsearch;
    @Autowired
    MeterRegistry meters;
    @Autowired
    TestRestTemplate http;

    @Test
    void startUpMigratesEveryStoreBeforeTheApplicationReadsThem() throws Exception {
        assertTrue(users.usersAtStart() > 0, "the users table was there, seeded, when the application's bean read it");

        List<Map<String, Object>> ledger = jdbc.queryForList(
                "SELECT version, script, success FROM weave_schema_history ORDER BY installed_rank");
        assertEquals(List.of("1", "2", "3", "4"), ledger.stream().map(r -> r.get("version")).filter(v -> v != null)
                .map(Object::toString).toList());
        assertTrue(ledger.stream().allMatch(r -> Boolean.TRUE.equals(r.get("success"))), ledger.toString());
        assertEquals(0, jdbc.queryForObject("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'", Integer.class),
                "the advisory lock taken on a pooled connection is released before it goes back to the pool");

        var pg = RealStores.postgres();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(BILLING_DB), pg.user(), pg.password());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT max(version::int) FROM weave_schema_history WHERE success")) {
            rs.next();
            assertEquals(2, rs.getInt(1), "billing migrated through Weave's own connection");
        }

        try (var session = neo4j.session()) {
            long applied = session.run("MATCH (m:__WeaveMigration) WHERE m.success RETURN count(m)").single().get(0).asLong();
            assertEquals(3, applied, "the three Cypher migrations are in the graph's ledger");
        }

        var response = elasticsearch.performRequest(new Request("GET", "/weave_schema_history/_count"));
        String count = new String(response.getEntity().getContent().readAllBytes());
        assertTrue(count.contains("\"count\":3"), count);

        Timer appTimer = meters.find(MigrationMetrics.TIMER).tag("target", "app").tag("outcome", "APPLIED").timers()
                .stream().reduce((a, b) -> a).orElse(null);
        assertNotNull(appTimer, "a weave.migration timer for app");
        long appMigrations = meters.find(MigrationMetrics.TIMER).tag("target", "app").timers().stream()
                .mapToLong(Timer::count).sum();
        assertEquals(5, appMigrations, "four versioned and one repeatable migration of app were timed");
    }

    @Test
    @SuppressWarnings("unchecked")
    void actuatorShowsEveryLedgerAndHealth() {
        ResponseEntity<Map> weave = http.getForEntity("/actuator/weave", Map.class);
        assertEquals(200, weave.getStatusCode().value());
        Map<String, Object> targets = (Map<String, Object>) weave.getBody().get("targets");
        assertEquals(List.of("app", "billing", "elasticsearch", "neo4j"), targets.keySet().stream().sorted().toList());
        Map<String, Object> app = (Map<String, Object>) targets.get("app");
        assertEquals("postgres", app.get("store"));
        assertEquals("4", app.get("currentVersion"));
        List<Map<String, Object>> migrations = (List<Map<String, Object>>) app.get("migrations");
        assertTrue(migrations.stream().anyMatch(m -> "V1__create_users.sql".equals(m.get("script"))
                && m.get("installedOn") != null), migrations.toString());

        ResponseEntity<Map> one = http.getForEntity("/actuator/weave/neo4j", Map.class);
        assertEquals("3", one.getBody().get("currentVersion"), String.valueOf(one.getBody()));

        ResponseEntity<Map> health = http.getForEntity("/actuator/health", Map.class);
        Map<String, Object> components = (Map<String, Object>) health.getBody().get("components");
        Map<String, Object> weaveHealth = (Map<String, Object>) components.get("weave");
        assertEquals("UP", weaveHealth.get("status"), String.valueOf(weaveHealth));
        assertEquals("VALID", ((Map<String, Object>) weaveHealth.get("details")).get("app"));
    }
}
