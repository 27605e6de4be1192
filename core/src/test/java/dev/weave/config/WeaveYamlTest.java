package dev.weave.config;

import dev.weave.api.TargetConfig;
import dev.weave.api.WeaveConfig;
import dev.weave.error.ConfigurationException;
import dev.weave.spi.Durations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeaveYamlTest {

    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        Path file = dir.resolve("weave.yaml");
        Files.writeString(file, text);
        return file;
    }

    private WeaveConfig read(Path file, Map<String, String> env) {
        WeaveConfig.Builder builder = WeaveConfig.builder().environment(env);
        WeaveYaml.apply(file, builder, env);
        return builder.build();
    }

    private WeaveConfig read(String text) throws IOException {
        return read(yaml(text), Map.of());
    }

    private ConfigurationException fails(String text, Map<String, String> env) throws IOException {
        Path file = yaml(text);
        return assertThrows(ConfigurationException.class, () -> read(file, env));
    }

    private ConfigurationException fails(String text) throws IOException {
        return fails(text, Map.of());
    }

    private static void assertContains(String text, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(text.contains(fragment), () -> "expected <" + fragment + "> in: " + text);
        }
    }

    private static TargetConfig target(WeaveConfig config, String name) {
        return config.targets().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no target " + name));
    }

    @Test
    void fullValidFile() throws IOException {
        Path file = yaml("""
                # the whole format
                location: db/migrations
                installedBy: ci-bot
                lockTimeout: 2m
                connectWait: 45s
                outOfOrder: true
                placeholders:
                  owner: app
                  schema: ${env:APP_SCHEMA}
                stores:
                  postgres:
                    host: localhost
                    port: 5432
                    user: app
                    password: ${env:PGPASSWORD}
                  neo4j:
                    uri: bolt://localhost:7687
                targets:
                  app:
                    store: postgres
                    folder: app_db
                    cleanDisabled: true
                    settings:
                      database: app_prod
                      schema: public
                  graph:
                    store: neo4j
                """);
        WeaveConfig config = read(file, Map.of("APP_SCHEMA", "tenant_1", "PGPASSWORD", "s3cret"));

        assertEquals(dir.toAbsolutePath().resolve("db/migrations"), config.location());
        assertTrue(config.location().isAbsolute());
        assertEquals("ci-bot", config.installedBy());
        assertEquals(Duration.ofMinutes(2), config.lockTimeout());
        assertEquals(Duration.ofSeconds(45), config.connectWait());
        assertTrue(config.outOfOrder());
        assertEquals(Map.of("owner", "app", "schema", "tenant_1"), config.placeholders());
        assertEquals(Map.of("host", "localhost", "port", "5432", "user", "app", "password", "s3cret"),
                config.storeSettings("postgres"));
        assertEquals(Map.of("uri", "bolt://localhost:7687"), config.storeSettings("neo4j"));
        assertEquals(Map.of(), config.storeSettings("elasticsearch"));

        assertEquals(List.of("app", "graph"), config.targets().stream().map(TargetConfig::name).toList());
        TargetConfig app = target(config, "app");
        assertEquals("postgres", app.storeType());
        assertEquals(Path.of("app_db"), app.folder());
        assertTrue(app.cleanDisabled());
        assertEquals(Map.of("database", "app_prod", "schema", "public"), app.settings());
        TargetConfig graph = target(config, "graph");
        assertEquals("neo4j", graph.storeType());
        assertEquals(Path.of("graph"), graph.folder(), "the folder defaults to the target's name");
        assertFalse(graph.cleanDisabled());
        assertEquals(Map.of(), graph.settings());
    }

    @Test
    void theExampleInTheJavadocIsValid() throws IOException {
        WeaveConfig config = read(yaml("""
                location: .weave/migrations        # relative to this file
                installedBy: ci
                lockTimeout: 2m
                placeholders: { owner: app }
                stores:                            # settings for every target of a store type
                  postgres: { host: localhost, port: 5432, user: app, password: "${env:PGPASSWORD}" }
                targets:
                  app:
                    store: postgres
                    folder: app                    # relative to location
                    cleanDisabled: true
                    settings: { database: app_prod, schema: public }
                """), Map.of("PGPASSWORD", "pw"));
        assertEquals(dir.toAbsolutePath().resolve(".weave/migrations"), config.location());
        assertEquals(Map.of("host", "localhost", "port", "5432", "user", "app", "password", "pw"),
                config.storeSettings("postgres"));
        assertEquals(Map.of("owner", "app"), config.placeholders());
        assertEquals(Map.of("database", "app_prod", "schema", "public"), target(config, "app").settings());
        assertTrue(target(config, "app").cleanDisabled());
    }

    @Test
    void unquotedEnvReferenceInsideAFlowMappingIsAYamlErrorWithItsLine() throws IOException {
        ConfigurationException e = fails("installedBy: ci\nstores:\n  postgres: { password: ${env:PGPASSWORD} }\n",
                Map.of("PGPASSWORD", "pw"));
        assertContains(e.getMessage(), dir.resolve("weave.yaml") + ":3: not valid YAML");
    }

    @Test
    void locationIsRelativeToTheFileNotTheWorkingDirectory() throws IOException {
        Path sub = dir.resolve("project/config");
        Files.createDirectories(sub);
        Path file = sub.resolve("weave.yaml");
        Files.writeString(file, "location: ../migrations\n");
        WeaveConfig config = read(file, Map.of());
        assertEquals(sub.toAbsolutePath().resolve("../migrations"), config.location());
        assertEquals(dir.toAbsolutePath().resolve("project/migrations").normalize(), config.location().normalize());
    }

    @Test
    void absoluteLocationIsKept() throws IOException {
        Path elsewhere = dir.resolve("elsewhere").toAbsolutePath();
        WeaveConfig config = read("location: " + elsewhere + "\n");
        assertEquals(elsewhere, config.location());
    }

    @Test
    void defaultLocationIsNextToTheFile() throws IOException {
        WeaveConfig config = read("installedBy: me\n");
        assertEquals(dir.toAbsolutePath().resolve(".weave/migrations"), config.location());
    }

    @Test
    void fileWithOnlyCommentsStillPutsTheDefaultLocationNextToIt() throws IOException {
        Path sub = dir.resolve("other");
        Files.createDirectories(sub);
        Path file = sub.resolve("weave.yaml");
        Files.writeString(file, "# nothing configured yet\n");
        WeaveConfig config = read(file, Map.of());
        assertEquals(sub.toAbsolutePath().resolve(".weave/migrations"), config.location());
        assertTrue(config.targets().isEmpty());
    }

    @Test
    void defaultsWhenKeysAreAbsent() throws IOException {
        WeaveConfig config = read("location: m\n");
        assertNull(config.installedBy());
        assertEquals(Duration.ofMinutes(2), config.lockTimeout());
        assertEquals(Duration.ZERO, config.connectWait());
        assertFalse(config.outOfOrder());
        assertTrue(config.placeholders().isEmpty());
        assertTrue(config.targets().isEmpty());
    }

    @Test
    void envInterpolationInsideLongerValuesAndSeveralTimes() throws IOException {
        WeaveConfig config = read(yaml("""
                location: ${env:ROOT}/migrations
                stores:
                  postgres:
                    url: "jdbc:postgresql://${env:HOST}:${env:PORT}/app"
                    literal: "$HOME and ${notenv} and {x}"
                """), Map.of("ROOT", "base", "HOST", "db.local", "PORT", "6543"));
        assertEquals(dir.toAbsolutePath().resolve("base/migrations"), config.location());
        assertEquals("jdbc:postgresql://db.local:6543/app", config.storeSettings("postgres").get("url"));
        assertEquals("$HOME and ${notenv} and {x}", config.storeSettings("postgres").get("literal"));
    }

    @Test
    void envValueIsInsertedLiterally() throws IOException {
        WeaveConfig config = read(yaml("stores:\n  postgres:\n    password: ${env:PW}\n"), Map.of("PW", "a$1\\b${env:X}"));
        assertEquals("a$1\\b${env:X}", config.storeSettings("postgres").get("password"));
    }

    @Test
    void missingEnvironmentVariable() throws IOException {
        Path file = yaml("stores:\n  postgres:\n    password: ${env:PGPASSWORD}\n");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> read(file, Map.of("OTHER", "x")));
        assertContains(e.getMessage(), file.toString(), "stores.postgres.password", "${env:PGPASSWORD}", "not set");
    }

    @Test
    void missingEnvironmentVariableInATargetSetting() throws IOException {
        ConfigurationException e = fails("targets:\n  app:\n    store: postgres\n    settings:\n      password: ${env:APP_PW}\n");
        assertContains(e.getMessage(), "targets.app.settings.password", "${env:APP_PW}", "not set");
    }

    @ParameterizedTest
    @CsvSource({
            "'colour: blue\n', colour, top level",
            "'location: m\nlocaton: n\n', locaton, top level",
            "'lock_timeout: 2m\n', lock_timeout, top level",
            "'targets:\n  app:\n    store: postgres\n    folders: x\n', folders, targets.app",
            "'targets:\n  app:\n    store: postgres\n    clean_disabled: true\n', clean_disabled, targets.app"})
    void unknownKeyNamesTheKeyAndTheFile(String text, String key, String where) throws IOException {
        ConfigurationException e = fails(text);
        assertContains(e.getMessage(), dir.resolve("weave.yaml").toString(), "unknown key '" + key + "'", "in " + where,
                "allowed keys");
    }

    @Test
    void unknownKeyListsTheAllowedKeys() throws IOException {
        ConfigurationException e = fails("locations: x\n");
        assertContains(e.getMessage(), "location, lockTimeout", "targets");
    }

    @Test
    void targetWithoutStore() throws IOException {
        ConfigurationException e = fails("targets:\n  app:\n    folder: x\n");
        assertContains(e.getMessage(), dir.resolve("weave.yaml").toString(), "targets.app", "missing 'store'");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "location: [unclosed\n",
            "targets:\n  app:\n    store: postgres\n   folder: x\n",
            "location: a\n\tinstalledBy: b\n",
            "key: \"unterminated\n"})
    void invalidYamlNamesTheFileAndTheLine(String text) throws IOException {
        ConfigurationException e = fails(text);
        String file = dir.resolve("weave.yaml").toString();
        assertTrue(e.getMessage().matches("(?s)\\Q" + file + "\\E:\\d+: not valid YAML: .+"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "stores:\n  postgres: { password: \"Pw-in-yaml-1\", port: [5432\n",
            "stores:\n  postgres:\n    password: \"Pw-in-yaml-1\n",
            "stores:\n  postgres:\n\tpassword: Pw-in-yaml-1\n"})
    void invalidYamlNeverQuotesTheFileWhoseLinesMayHoldAPassword(String text) throws IOException {
        ConfigurationException e = fails(text);
        assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
        assertTrue(!e.getMessage().contains("Pw-in-yaml-1"), e.getMessage());
    }

    @Test
    void invalidYamlReportsTheRightLine() throws IOException {
        ConfigurationException e = fails("location: m\ninstalledBy: me\nplaceholders:\n  a: [1, 2\n");
        String file = dir.resolve("weave.yaml").toString();
        int line = Integer.parseInt(e.getMessage().substring(file.length() + 1, e.getMessage().indexOf(": not valid")));
        assertTrue(line >= 4, e.getMessage());
    }

    @Test
    void duplicateKeyIsAnErrorNamingTheKeyAndLine() throws IOException {
        ConfigurationException e = fails("""
                stores:
                  postgres:
                    host: a
                  postgres:
                    port: 5432
                """);
        assertContains(e.getMessage(), dir.resolve("weave.yaml") + ":4:", "duplicate key 'postgres'");
        ConfigurationException top = fails("location: a\ninstalledBy: me\nlocation: b\n");
        assertContains(top.getMessage(), dir.resolve("weave.yaml") + ":3:", "duplicate key 'location'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "no", "on", "1", "maybe", "'tru'"})
    void badBoolean(String value) throws IOException {
        ConfigurationException e = fails("outOfOrder: " + value + "\n");
        assertContains(e.getMessage(), dir.resolve("weave.yaml").toString(), "outOfOrder must be true or false");
    }

    @Test
    void badBooleanInATarget() throws IOException {
        ConfigurationException e = fails("targets:\n  app:\n    store: postgres\n    cleanDisabled: sometimes\n");
        assertContains(e.getMessage(), "targets.app.cleanDisabled must be true or false, got 'sometimes'");
    }

    @Test
    void booleansAreCaseInsensitiveAndMayBeQuoted() throws IOException {
        assertTrue(read("outOfOrder: \"TRUE\"\n").outOfOrder());
        assertFalse(read("outOfOrder: False\n").outOfOrder());
    }

    @ParameterizedTest
    @CsvSource({"2m, PT2M", "30s, PT30S", "500ms, PT0.5S", "1h, PT1H", "90, PT1M30S", "0, PT0S", "'10 s', PT10S"})
    void durations(String text, String expected) throws IOException {
        assertEquals(Duration.parse(expected), read("lockTimeout: " + text + "\n").lockTimeout());
        assertEquals(Duration.parse(expected), Durations.parse(text, "--wait"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2 minutes", "abc", "-1s", "1.5s", "2d", "m", "''"})
    void badDuration(String text) throws IOException {
        ConfigurationException e = fails("lockTimeout: " + text + "\n");
        assertContains(e.getMessage(), dir.resolve("weave.yaml").toString(), "lockTimeout", "is not a duration", "2m");
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999999999999999999s", "9223372036854775807h", "9223372036854775807m"})
    void durationTooLargeIsAConfigurationError(String text) throws IOException {
        ConfigurationException e = fails("connectWait: " + text + "\n");
        assertContains(e.getMessage(), dir.resolve("weave.yaml").toString(), "connectWait", text);
        ConfigurationException flag = assertThrows(ConfigurationException.class, () -> Durations.parse(text, "--wait"));
        assertContains(flag.getMessage(), "--wait", text);
    }

    @Test
    void valuesMustBeScalarsAndSectionsMappings() throws IOException {
        assertContains(fails("installedBy: [a, b]\n").getMessage(), "installedBy must be a single value");
        assertContains(fails("location:\n  a: b\n").getMessage(), "location must be a single value");
        assertContains(fails("stores: postgres\n").getMessage(), "stores must be a mapping");
        assertContains(fails("stores:\n  postgres: localhost\n").getMessage(), "stores.postgres must be a mapping");
        assertContains(fails("targets: [a]\n").getMessage(), "targets must be a mapping");
        assertContains(fails("targets:\n  app: postgres\n").getMessage(), "targets.app must be a mapping");
        assertContains(fails("placeholders: x\n").getMessage(), "placeholders must be a mapping");
        assertContains(fails("- a\n- b\n").getMessage(), "the file must be a mapping");
        assertContains(fails("placeholders:\n  owner: ~\n").getMessage(), "placeholders.owner has no value");
    }

    @Test
    void emptySectionsAreAllowed() throws IOException {
        WeaveConfig config = read("placeholders:\nlocation: m\n");
        assertTrue(config.placeholders().isEmpty());
    }

    @Test
    void numbersAndBooleansBecomeText() throws IOException {
        WeaveConfig config = read("stores:\n  postgres:\n    port: 5432\n    ssl: true\n    ratio: 1.5\n");
        assertEquals(Map.of("port", "5432", "ssl", "true", "ratio", "1.5"), config.storeSettings("postgres"));
    }

    @Test
    void scalarsKeepTheTextAsWritten() throws IOException {
        WeaveConfig config = read("""
                installedBy: 0042
                placeholders:
                  country: NO
                  flag: y
                  mode: off
                  release: 1.10
                  mask: 0x1F
                  big: 1_000
                stores:
                  postgres:
                    password: 007
                    port: 05432
                targets:
                  app:
                    store: postgres
                    settings:
                      database: on
                      pin: 0123
                """);
        assertEquals("0042", config.installedBy());
        assertEquals(Map.of("country", "NO", "flag", "y", "mode", "off", "release", "1.10", "mask", "0x1F", "big", "1_000"),
                config.placeholders());
        assertEquals(Map.of("password", "007", "port", "05432"), config.storeSettings("postgres"));
        assertEquals(Map.of("database", "on", "pin", "0123"), target(config, "app").settings());
    }

    @Test
    void appliesOnTopOfTheBuilderAndTargetsReplaceByName() throws IOException {
        Path file = yaml("targets:\n  app:\n    store: postgres\n");
        Map<String, String> env = new HashMap<>();
        WeaveConfig.Builder builder = WeaveConfig.builder().environment(env).installedBy("before")
                .target(new TargetConfig("app", "neo4j", Path.of("old"), Map.of(), true))
                .target(new TargetConfig("other", "postgres", Path.of("other"), Map.of(), false));
        WeaveYaml.apply(file, builder, env);
        WeaveConfig config = builder.build();
        assertEquals("before", config.installedBy());
        assertEquals(List.of("other", "app"), config.targets().stream().map(TargetConfig::name).toList());
        assertEquals("postgres", target(config, "app").storeType());
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("nope.yaml");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> read(file, Map.of()));
        assertContains(e.getMessage(), "cannot read", file.toString());
    }

    @Test
    void maxScriptSizeIsReadInBinaryUnitsAndBounded() throws IOException {
        assertEquals(512L << 10, read("maxScriptSize: 512KiB\n").maxScriptSize());
        assertEquals(WeaveConfig.DEFAULT_MAX_SCRIPT_SIZE, read("lockTimeout: 1m\n").maxScriptSize());
        assertContains(fails("maxScriptSize: 100MB\n").getMessage(), "'100MB' is not a size");
        assertContains(fails("maxScriptSize: 2GiB\n").getMessage(), "between 1 byte and 1GiB");
    }

    @Test
    void namesMustNotBeEmptyAndDatabasesPatternsOnlyUseStar() throws IOException {
        assertContains(fails("installedBy: \"\"\n").getMessage(), "installedBy is empty");
        assertContains(fails("targets:\n  app: { store: postgres, folder: '' }\n").getMessage(), "targets.app.folder is empty");
        assertContains(fails("targets:\n  app: { store: postgres, databases: 'tenant_[ab]' }\n").getMessage(), "uses '['");
    }
}
