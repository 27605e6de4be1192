package dev.weave.spring.boot;

import dev.weave.core.Weave;
import dev.weave.error.WeaveException;
import dev.weave.local.PostgresServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Start-up that must not happen: a failing migration, drift in validate mode, pending migrations with
 * fail-on-pending, a misspelt setting. Each stops the application with Weave's own message, and the ledger on the
 * real PostgreSQL shows nothing recorded as success that was not.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailuresTest {

    private static final String DB = "boot_startup";

    @TempDir
    Path migrations;

    private final PostgresServer pg = RealStores.postgres();

    @BeforeEach
    void freshDatabase() throws Exception {
        pg.dropDatabase(DB);
        pg.createDatabase(DB);
        Files.createDirectories(migrations.resolve("app"));
        Files.writeString(migrations.resolve("app/V1__create_accounts.sql"), "CREATE TABLE accounts (id int PRIMARY KEY);\n");
    }

    @Test
    void aFailingMigrationStopsStartUpWithWeavesMessage(CapturedOutput output) throws Exception {
        Files.writeString(migrations.resolve("app/V2__broken.sql"), "CREATE TABLE broken (id int;\n");

        RuntimeException failure = assertThrows(RuntimeException.class, () -> start("weave.mode=migrate").close());

        WeaveException weave = weaveCause(failure);
        assertNotNull(weave, "a WeaveException in the cause chain: " + failure);
        assertTrue(weave.getMessage().contains("V2__broken.sql"), weave.getMessage());
        assertEquals(1, weave.exitCode());
        assertTrue(output.getOut().contains("APPLICATION FAILED TO START"), "Boot's failure report");
        assertTrue(output.getOut().contains("V2__broken.sql") && output.getOut().contains("(weave exit code 1)"),
                "the report is Weave's message");
        assertEquals(List.of("1:true"), ledger(), "V1 applied, V2 not recorded as a success");
    }

    @Test
    void validateModeRefusesToStartOnDriftAndOnPendingWhenAsked() throws Exception {
        start("weave.mode=migrate").close();
        assertEquals(List.of("1:true"), ledger());

        Files.writeString(migrations.resolve("app/V1__create_accounts.sql"), "CREATE TABLE accounts (id bigint PRIMARY KEY);\n");
        WeaveException drift = weaveCause(assertThrows(RuntimeException.class, () -> start("weave.mode=validate").close()));
        assertNotNull(drift);
        assertTrue(drift.getMessage().contains("V1__create_accounts.sql") && drift.getMessage().contains("edited after it was applied"),
                drift.getMessage());
        assertEquals(3, drift.exitCode());

        Files.writeString(migrations.resolve("app/V1__create_accounts.sql"), "CREATE TABLE accounts (id int PRIMARY KEY);\n");
        Files.writeString(migrations.resolve("app/V2__add_name.sql"), "ALTER TABLE accounts ADD COLUMN name text;\n");
        WeaveException pending = weaveCause(assertThrows(RuntimeException.class, () -> start("weave.mode=validate").close()));
        assertNotNull(pending);
        assertTrue(pending.getMessage().contains("V2__add_name.sql"), pending.getMessage());

        start("weave.mode=validate", "weave.fail-on-pending=false").close();
        assertEquals(List.of("1:true"), ledger(), "validate mode never migrates");
    }

    @Test
    void aStrategyBeanReplacesTheDefault() throws Exception {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(WithStrategy.class)
                .web(WebApplicationType.NONE).properties(properties()).run()) {
            assertEquals("PENDING", WithStrategy.SEEN.get(), "the application's strategy ran, with the Weave bean");
        }
        assertEquals(List.of(), ledger(), "the replaced default would have migrated");
    }

    @Test
    void theDefaultLocationIsTheClassPathAlsoInsideAJar(@TempDir Path jarFolder) throws Exception {
        // on the test class path (a folder): classpath:db/weave holds shop/V1__create_orders.sql
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Minimal.class)
                .web(WebApplicationType.NONE).properties(properties("weave.settings.shop.database=" + DB)).run()) {
            assertEquals(List.of("1:true"), ledger());
        }
        // packaged: the same tree inside a jar is copied out and migrated
        pg.dropDatabase(DB);
        pg.createDatabase(DB);
        Path jar = jarFolder.resolve("migrations.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            for (String entry : List.of("packaged/", "packaged/weave/", "packaged/weave/shop/")) {
                out.putNextEntry(new java.util.jar.JarEntry(entry));
                out.closeEntry();
            }
            out.putNextEntry(new java.util.jar.JarEntry("packaged/weave/shop/V1__create_orders.sql"));
            out.write("CREATE TABLE orders (id int PRIMARY KEY);\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }
        try (var loader = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, getClass().getClassLoader());
             ConfigurableApplicationContext context = new SpringApplicationBuilder(Minimal.class)
                     .resourceLoader(new org.springframework.core.io.DefaultResourceLoader(loader))
                     .web(WebApplicationType.NONE).properties(properties("weave.settings.shop.database=" + DB,
                             "weave.location=classpath:packaged/weave")).run()) {
            assertEquals(List.of("1:true"), ledger());
            Path copied = context.getBean(Weave.class).config().location();
            assertTrue(Files.isRegularFile(copied.resolve("shop/V1__create_orders.sql")), "copied out to " + copied);
        }
    }

    @Test
    void aMisspeltSettingStopsStartUpNamingTheKey() {
        WeaveException wrong = weaveCause(assertThrows(RuntimeException.class,
                () -> start("weave.settings.app.pasword=x").close()));
        assertNotNull(wrong);
        assertTrue(wrong.getMessage().contains("pasword") && wrong.getMessage().contains("password"), wrong.getMessage());
        assertEquals(2, wrong.exitCode());
    }

    private ConfigurableApplicationContext start(String... extra) {
        List<String> all = new ArrayList<>(List.of(properties()));
        all.addAll(List.of(extra));
        return new SpringApplicationBuilder(Minimal.class).web(WebApplicationType.NONE)
                .properties(all.toArray(String[]::new)).run();
    }

    private String[] properties(String... extra) {
        List<String> all = new ArrayList<>(List.of(
                "spring.datasource.url=" + pg.jdbcUrl(DB),
                "spring.datasource.username=" + pg.user(),
                "spring.datasource.password=" + pg.password(),
                "spring.main.banner-mode=off"));
        all.addAll(List.of(extra));
        return all.toArray(String[]::new);
    }

    private String[] properties() {
        return new String[] {
                "spring.datasource.url=" + pg.jdbcUrl(DB),
                "spring.datasource.username=" + pg.user(),
                "spring.datasource.password=" + pg.password(),
                "weave.location=" + migrations,
                "spring.main.banner-mode=off"};
    }

    private List<String> ledger() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(DB), pg.user(), pg.password());
             Statement st = c.createStatement()) {
            ResultSet exists = st.executeQuery("SELECT to_regclass('weave_schema_history') IS NOT NULL");
            exists.next();
            if (!exists.getBoolean(1)) {
                return rows;
            }
            try (ResultSet rs = st.executeQuery("SELECT version, success FROM weave_schema_history ORDER BY installed_rank")) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + ":" + rs.getBoolean(2));
                }
            }
        }
        return rows;
    }

    private static WeaveException weaveCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof WeaveException w) {
                return w;
            }
        }
        return null;
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Minimal {
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class WithStrategy {

        static final AtomicReference<String> SEEN = new AtomicReference<>();

        @Bean
        WeaveMigrationStrategy validateOnly() {
            return (Weave weave) -> SEEN.set(weave.validate("app", false).outcome().name());
        }
    }
}
