package dev.weave.config;

import dev.weave.api.SecretMask;
import dev.weave.api.TargetConfig;
import dev.weave.api.WeaveConfig;
import dev.weave.error.ConfigurationException;
import dev.weave.spi.Layout;
import dev.weave.spi.SettingSpec;
import dev.weave.spi.StoreAdapter;
import dev.weave.spi.StoreConnection;
import dev.weave.spi.TargetSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TargetResolverTest {

    /** A store adapter that only describes itself: enough for resolving targets, never connects. */
    private record FakeAdapter(String storeType, Set<String> extensions, Layout layout, Map<String, String> envToSetting)
            implements StoreAdapter {

        @Override
        public Map<String, String> environmentSettings(Map<String, String> environment) {
            Map<String, String> settings = new LinkedHashMap<>();
            envToSetting.forEach((variable, key) -> {
                String value = environment.get(variable);
                if (value != null) {
                    settings.put(key, value);
                }
            });
            return settings;
        }

        @Override
        public List<SettingSpec> settings() {
            List<SettingSpec> specs = new java.util.ArrayList<>();
            for (String name : List.of("host", "port", "user", "database", "uri", "ledgerTable")) {
                specs.add(SettingSpec.of(name, SettingSpec.Kind.TEXT, "", null, name));
            }
            specs.add(SettingSpec.secret("password", null, "password"));
            if (storeType.equals("searchstore")) {
                specs.add(SettingSpec.of("indexPrefix", SettingSpec.Kind.TEXT, "", null, "prefix"));
            }
            return specs;
        }

        @Override
        public StoreConnection connect(TargetSettings target) {
            throw new UnsupportedOperationException("a unit test never connects");
        }
    }

    private static final FakeAdapter SQL = new FakeAdapter("sqlstore", Set.of(".sql"), new Layout.FolderPerTarget(),
            Map.of("SQL_HOST", "host", "SQL_PORT", "port", "SQL_USER", "user", "SQL_DB", "database"));
    private static final FakeAdapter GRAPH = new FakeAdapter("graphstore", Set.of(".cypher"),
            new Layout.FixedFolder("neo4j/cypher", "neo4j"), Map.of("GRAPH_URI", "uri"));
    private static final FakeAdapter SEARCH = new FakeAdapter("searchstore", Set.of(".http"),
            new Layout.FixedFolder("elasticsearch/scripts", "elasticsearch"), Map.of());
    private static final StoreAdapters ALL = StoreAdapters.of(List.of(SQL, GRAPH, SEARCH));

    @TempDir
    Path root;

    private void folders(String... relative) throws IOException {
        for (String r : relative) {
            Files.createDirectories(root.resolve(r));
        }
    }

    private WeaveConfig.Builder config() {
        return WeaveConfig.builder().location(root).environment(Map.of());
    }

    private static ResolvedTarget named(List<ResolvedTarget> targets, String name) {
        return targets.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no target " + name + " in " + targets.stream().map(ResolvedTarget::name).toList()));
    }

    private static List<String> names(List<ResolvedTarget> targets) {
        return targets.stream().map(ResolvedTarget::name).toList();
    }

    private static void assertContains(String text, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(text.contains(fragment), () -> "expected <" + fragment + "> in: " + text);
        }
    }

    // ---- default layout ----

    @Test
    void defaultLayoutEachSubFolderIsATargetOfTheFolderPerTargetStore() throws IOException {
        folders("slack", "billing", "analytics/sub");
        Files.writeString(root.resolve("README.md"), "# not a folder");
        List<ResolvedTarget> targets = new TargetResolver(config().build(), ALL).resolveAll();

        assertEquals(List.of("analytics", "billing", "slack"), names(targets));
        for (ResolvedTarget t : targets) {
            assertSame(SQL, t.adapter());
            assertEquals("sqlstore", t.storeType());
            assertEquals(root.resolve(t.name()), t.folder());
            assertEquals(t.name(), t.settings().targetName());
            assertEquals("sqlstore", t.settings().storeType());
            assertFalse(t.cleanDisabled());
        }
    }

    @Test
    void fixedFolderIsClaimedAndItsTopFolderIsNotAPerFolderTarget() throws IOException {
        folders("app", "neo4j/cypher", "elasticsearch/scripts");
        List<ResolvedTarget> targets = new TargetResolver(config().build(), ALL).resolveAll();

        assertEquals(Set.of("app", "neo4j", "elasticsearch"), Set.copyOf(names(targets)));
        assertEquals(3, targets.size());
        ResolvedTarget graph = named(targets, "neo4j");
        assertSame(GRAPH, graph.adapter());
        assertEquals(root.resolve("neo4j/cypher"), graph.folder());
        ResolvedTarget search = named(targets, "elasticsearch");
        assertSame(SEARCH, search.adapter());
        assertEquals(root.resolve("elasticsearch/scripts"), search.folder());
        assertSame(SQL, named(targets, "app").adapter());
    }

    @Test
    void claimedTopFolderWithoutTheFixedSubFolderIsNoTargetAtAll() throws IOException {
        folders("app", "neo4j/other", "elasticsearch");
        List<ResolvedTarget> targets = new TargetResolver(config().build(), ALL).resolveAll();
        assertEquals(List.of("app"), names(targets));
    }

    @Test
    void hiddenFoldersAreNotTargets() throws IOException {
        folders("app", ".git", ".idea/x");
        assertEquals(List.of("app"), names(new TargetResolver(config().build(), ALL).resolveAll()));
    }

    @Test
    void emptyRootHasNoTargets() {
        assertTrue(new TargetResolver(config().build(), ALL).resolveAll().isEmpty());
    }

    @Test
    void missingRootIsAConfigurationError() {
        Path missing = root.resolve("nope");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new TargetResolver(config().location(missing).build(), ALL).resolveAll());
        assertContains(e.getMessage(), missing.toString(), "does not exist");
    }

    @Test
    void withoutAFolderPerTargetStoreOnlyFixedFoldersCount() throws IOException {
        folders("app", "neo4j/cypher");
        List<ResolvedTarget> targets = new TargetResolver(config().build(), StoreAdapters.of(List.of(GRAPH))).resolveAll();
        assertEquals(List.of("neo4j"), names(targets));
    }

    @Test
    void twoFolderPerTargetStoresAreRefused() throws IOException {
        folders("app");
        FakeAdapter other = new FakeAdapter("othersql", Set.of(".psql"), new Layout.FolderPerTarget(), Map.of());
        assertThrows(IllegalStateException.class,
                () -> new TargetResolver(config().build(), StoreAdapters.of(List.of(SQL, other))).resolveAll());
    }

    // ---- explicit targets ----

    @Test
    void explicitTargetsReplaceTheDefaultLayout() throws IOException {
        folders("ignored", "neo4j/cypher");
        WeaveConfig config = config()
                .target(new TargetConfig("app", "sqlstore", Path.of("app_db"), Map.of("database", "app_prod"), true))
                .target(new TargetConfig("graph", "graphstore", null, Map.of(), false))
                .target(new TargetConfig("abs", "sqlstore", Path.of("/tmp/elsewhere"), Map.of(), false))
                .build();
        List<ResolvedTarget> targets = new TargetResolver(config, ALL).resolveAll();

        assertEquals(List.of("app", "graph", "abs"), names(targets));
        ResolvedTarget app = named(targets, "app");
        assertSame(SQL, app.adapter());
        assertEquals(root.resolve("app_db"), app.folder());
        assertTrue(app.cleanDisabled());
        assertEquals(Map.of("database", "app_prod"), app.settings().settings());
        ResolvedTarget graph = named(targets, "graph");
        assertSame(GRAPH, graph.adapter());
        assertEquals(root.resolve("graph"), graph.folder(), "no folder: the target's name below the location");
        assertEquals(Path.of("/tmp/elsewhere"), named(targets, "abs").folder());
    }

    @Test
    void explicitTargetsNeedNotExistOnDisk() {
        WeaveConfig config = config().location(root.resolve("not-yet"))
                .target(new TargetConfig("app", "sqlstore", Path.of("app"), Map.of(), false)).build();
        assertEquals(List.of("app"), names(new TargetResolver(config, ALL).resolveAll()));
    }

    @Test
    void explicitTargetWithAnUnknownStore() {
        WeaveConfig config = config().target(new TargetConfig("cache", "redis", Path.of("cache"), Map.of(), false)).build();
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new TargetResolver(config, ALL).resolveAll());
        assertContains(e.getMessage(), "target 'cache'", "unknown store 'redis'", "sqlstore", "graphstore", "searchstore");
    }

    // ---- settings ----

    @Test
    void settingsPrecedenceEnvironmentThenStoreThenTargetThenOverrides() {
        Map<String, String> env = Map.of("SQL_HOST", "env-host", "SQL_PORT", "1111", "SQL_USER", "env-user",
                "SQL_DB", "env-db", "UNRELATED", "x");
        WeaveConfig config = config().environment(env)
                .storeSetting("sqlstore", "host", "store-host")
                .storeSetting("sqlstore", "port", "2222")
                .storeSetting("sqlstore", "user", "store-user")
                .storeSetting("graphstore", "host", "graph-host")
                .target(new TargetConfig("app", "sqlstore", Path.of("app"), Map.of("host", "target-host", "port", "3333"), false))
                .override("host", "flag-host")
                .connectWait(Duration.ofSeconds(60))
                .build();
        ResolvedTarget app = new TargetResolver(config, ALL).resolve("app");

        assertEquals(Map.of("host", "flag-host", "port", "3333", "user", "store-user", "database", "env-db"),
                app.settings().settings());
        assertEquals(Duration.ofSeconds(60), app.settings().connectWait());
        assertEquals("app", app.settings().targetName());
    }

    @Test
    void defaultLayoutTargetsGetEnvironmentStoreSettingsAndOverrides() throws IOException {
        folders("app", "neo4j/cypher");
        WeaveConfig config = config().environment(Map.of("SQL_HOST", "env-host", "SQL_USER", "env-user", "GRAPH_URI", "bolt://g"))
                .storeSetting("sqlstore", "user", "store-user")
                .override("password", "flag-pw")
                .build();
        List<ResolvedTarget> targets = new TargetResolver(config, ALL).resolveAll();
        assertEquals(Map.of("host", "env-host", "user", "store-user", "password", "flag-pw"),
                named(targets, "app").settings().settings());
        assertEquals(Map.of("uri", "bolt://g", "password", "flag-pw"), named(targets, "neo4j").settings().settings());
    }

    @Test
    void aMisspeltOverrideIsAnErrorWithTheNearestName() throws IOException {
        folders("app");
        WeaveConfig config = config().override("ledgerTabel", "x").build();

        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new TargetResolver(config, ALL).resolve("app"));

        assertContains(e.getMessage(), "unknown setting 'ledgerTabel'", "--set", "did you mean 'ledgerTable'?");
        assertEquals(dev.weave.error.ExitCode.USAGE_OR_CONFIGURATION, e.kind());
    }

    @Test
    void aMisspeltStoreSettingIsAnErrorEvenWithoutATargetOfThatStore() throws IOException {
        folders("app");
        WeaveConfig config = config().storeSetting("graphstore", "pasword", "x").build();

        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new TargetResolver(config, ALL).resolve("app"));

        assertContains(e.getMessage(), "weave.yaml stores.graphstore", "unknown graphstore setting 'pasword'",
                "did you mean 'password'?", "graphstore settings are host, port");
        assertFalse(e.getMessage().contains("'x'"), "the value may be a secret: " + e.getMessage());
    }

    @Test
    void aTargetSettingOfAnotherStoreIsAnError() {
        WeaveConfig config = config()
                .target(new TargetConfig("app", "sqlstore", Path.of("app"), Map.of("indexPrefix", "p_"), false)).build();

        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new TargetResolver(config, ALL).resolve("app"));

        assertContains(e.getMessage(), "target 'app'", "unknown sqlstore setting 'indexPrefix'");
    }

    @Test
    void anOverrideReachesOnlyTheStoresThatReadIt() throws IOException {
        folders("app", "elasticsearch/scripts");
        WeaveConfig config = config().override("indexPrefix", "p_").override("host", "h").build();
        List<ResolvedTarget> targets = new TargetResolver(config, ALL).resolveAll();

        assertEquals(Map.of("host", "h"), named(targets, "app").settings().settings());
        assertEquals(Map.of("host", "h", "indexPrefix", "p_"), named(targets, "elasticsearch").settings().settings());
    }

    @Test
    void anOverrideTheNamedTargetsStoreDoesNotReadIsAnErrorForThatTarget() throws IOException {
        folders("app", "elasticsearch/scripts");
        WeaveConfig config = config().override("indexPrefix", "p_").build();

        assertEquals(Map.of("indexPrefix", "p_"), new TargetResolver(config, ALL).resolve("elasticsearch").settings().settings());
        assertEquals(Map.of(), new TargetResolver(config, ALL).resolve("app").settings().settings(),
                "a shared configuration leaves the override to the stores that read it");
        new TargetResolver(config, ALL).requireOverridesReadBy("elasticsearch");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new TargetResolver(config, ALL).requireOverridesReadBy("app"));

        assertContains(e.getMessage(), "target app (--set or a flag)", "unknown sqlstore setting 'indexPrefix'",
                "sqlstore settings are host");
        assertEquals(dev.weave.error.ExitCode.USAGE_OR_CONFIGURATION, e.kind());
    }

    @Test
    void aFanOutSetsTheSettingItsStoreNamesForADatabase() {
        WeaveConfig config = config().target(new TargetConfig("tenants", "sqlstore", Path.of("tenants"), Map.of(), false,
                List.of("t1", "t2"))).build();
        List<ResolvedTarget> targets = new TargetResolver(config, StoreAdapters.of(List.of(new DatabasesAdapter()))).resolveAll();

        assertEquals(List.of("t1", "t2"), targets.stream().map(t -> t.settings().settings().get("catalog")).toList());

        WeaveConfig both = config().target(new TargetConfig("tenants", "sqlstore", Path.of("tenants"),
                Map.of("catalog", "x"), false, List.of("t1"))).build();
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new TargetResolver(both, StoreAdapters.of(List.of(new DatabasesAdapter()))).resolveAll());
        assertContains(e.getMessage(), "targets.tenants has both settings.catalog and databases", "remove settings.catalog");
    }

    @Test
    void aStoreWithoutDatabasesCannotFanOut() {
        WeaveConfig config = config().target(new TargetConfig("search", "searchstore", Path.of("search"), Map.of(), false,
                List.of("a", "b"))).build();

        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new TargetResolver(config, ALL).resolveAll());

        assertContains(e.getMessage(), "target 'search'", "the searchstore store has no databases", "cannot fan out");
    }

    /** A store whose database setting is called "catalog": the core must not assume "database". */
    private static final class DatabasesAdapter implements StoreAdapter {
        @Override
        public String storeType() {
            return "sqlstore";
        }

        @Override
        public Set<String> extensions() {
            return Set.of(".sql");
        }

        @Override
        public Layout layout() {
            return new Layout.FolderPerTarget();
        }

        @Override
        public Map<String, String> environmentSettings(Map<String, String> environment) {
            return Map.of();
        }

        @Override
        public List<SettingSpec> settings() {
            return List.of(SettingSpec.of("catalog", SettingSpec.Kind.TEXT, "", null, "the database"));
        }

        @Override
        public String databaseSetting() {
            return "catalog";
        }

        @Override
        public StoreConnection connect(TargetSettings target) {
            throw new UnsupportedOperationException("a unit test never connects");
        }
    }

    @Test
    void cleanDisabledAsASettingIsTakenOutOfTheSettings() throws IOException {
        folders("app");
        WeaveConfig config = config().storeSetting("sqlstore", "cleanDisabled", "TRUE").build();
        ResolvedTarget app = new TargetResolver(config, ALL).resolve("app");
        assertTrue(app.cleanDisabled());
        assertFalse(app.settings().settings().containsKey("cleanDisabled"));

        WeaveConfig off = config().storeSetting("sqlstore", "cleanDisabled", "false").build();
        assertFalse(new TargetResolver(off, ALL).resolve("app").cleanDisabled());
    }

    @Test
    void cleanDisabledOnTheTargetWinsOverASettingOfFalse() {
        WeaveConfig config = config().storeSetting("sqlstore", "cleanDisabled", "false")
                .target(new TargetConfig("app", "sqlstore", Path.of("app"), Map.of(), true)).build();
        assertTrue(new TargetResolver(config, ALL).resolve("app").cleanDisabled());
    }

    // ---- resolve(name) ----

    @Test
    void resolveByName() throws IOException {
        folders("slack", "neo4j/cypher");
        TargetResolver resolver = new TargetResolver(config().build(), ALL);
        assertEquals(root.resolve("slack"), resolver.resolve("slack").folder());
        assertSame(GRAPH, resolver.resolve("neo4j").adapter());
    }

    @Test
    void unknownTargetListsTheKnownOnes() throws IOException {
        folders("slack", "billing", "neo4j/cypher");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new TargetResolver(config().build(), ALL).resolve("slak"));
        assertContains(e.getMessage(), "unknown target 'slak'", "known targets are", "slack", "billing", "neo4j",
                "the folders under " + root);
    }

    @Test
    void unknownTargetWhenThereAreNone() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new TargetResolver(config().build(), ALL).resolve("app"));
        assertContains(e.getMessage(), "unknown target 'app'", "no targets found under " + root);
    }

    // ---- adapters ----

    @Test
    void adaptersMustNotShareAnExtension() {
        FakeAdapter clash = new FakeAdapter("clash", Set.of(".cypher", ".x"), new Layout.FixedFolder("c/x", "c"), Map.of());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> StoreAdapters.of(List.of(SQL, GRAPH, clash)));
        assertContains(e.getMessage(), ".cypher", "graphstore", "clash");
    }

    @Test
    void adapterLookup() {
        assertSame(GRAPH, ALL.find("graphstore").orElseThrow());
        assertTrue(ALL.find("nope").isEmpty());
        assertSame(SQL, ALL.require("sqlstore", "test"));
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> ALL.require("mongo", "--store"));
        assertContains(e.getMessage(), "--store: unknown store 'mongo'", "known stores: sqlstore, graphstore, searchstore");
    }

    // ---- secret mask (used on everything resolved settings may leak into) ----

    @Test
    void secretMask() {
        Map<String, String> settings = new HashMap<>(Map.of("password", "hunter22"));
        SecretMask mask = new SecretMask(List.of(settings.get("password"), "ab"));
        assertEquals("login with **** failed; ab stays", mask.mask("login with hunter22 failed; ab stays"));
        assertEquals(null, mask.mask(null));
        assertEquals("x", SecretMask.NONE.mask("x"));
        SecretMask longest = new SecretMask(List.of("secret", "secret-and-more"));
        assertEquals("[****]", longest.mask("[secret-and-more]"));
        assertEquals("**** / ****", SecretMask.NONE.with(List.of("key123", "pw1")).mask("key123 / pw1"));
    }
}
