package dev.weave.store.neo4j;

import dev.weave.spi.EnvironmentSettings;
import dev.weave.spi.SettingSpec;
import dev.weave.spi.Layout;
import dev.weave.spi.Script;
import dev.weave.spi.StoreAdapter;
import dev.weave.spi.StoreConnection;
import dev.weave.spi.TargetSettings;

import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.exceptions.Neo4jException;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Neo4j: {@code .cypher} files in {@code neo4j/cypher/} (one target named {@code neo4j}), the ledger as
 * {@code :__WeaveMigration} nodes in the target's database, a {@code :__WeaveLock} node with a renewed lease.
 *
 * <p>Settings and their environment variables: {@link Neo4jSettings}.
 */
public final class Neo4jStore implements StoreAdapter {

    private static final Map<String, String> ENVIRONMENT = SettingSpec.environmentMapping(Neo4jSettings.ALL);

    @Override
    public String storeType() {
        return "neo4j";
    }

    @Override
    public Set<String> extensions() {
        return Set.of(".cypher");
    }

    @Override
    public Layout layout() {
        return new Layout.FixedFolder("neo4j/cypher", "neo4j");
    }

    @Override
    public Map<String, String> environmentSettings(Map<String, String> environment) {
        return EnvironmentSettings.read(environment, ENVIRONMENT);
    }

    @Override
    public List<String> clientTypes() {
        return List.of("org.neo4j.driver.Driver");
    }

    @Override
    public List<SettingSpec> settings() {
        return Neo4jSettings.ALL;
    }

    @Override
    public StoreConnection connect(TargetSettings target) {
        Neo4jEndpoint endpoint = Neo4jEndpoint.of(target);
        Neo4jEndpoint.Opened opened = endpoint.open();
        return new Neo4jConnection(endpoint, opened.driver(), opened.database());
    }

    /** neo4j-migrations' {@code neo4j.conf} beside the folder: address, username, password, database. */
    @Override
    public Map<String, String> folderSettings(java.nio.file.Path targetFolder) {
        return Neo4jMigrationsConfig.near(targetFolder);
    }

    @Override
    public String foreignChecksum(String tool, java.nio.file.Path file) {
        return tool.equals(ForeignHistories.NEO4J_MIGRATIONS) ? Neo4jMigrationsChecksum.neo4jMigrations(file) : null;
    }

    @Override
    public dev.weave.spi.schema.StoreSchema schema() {
        return new Neo4jSchema();
    }

    @Override
    public List<dev.weave.spi.lint.LintRule> lintRules() {
        return Neo4jLinter.RULES;
    }

    @Override
    public dev.weave.spi.lint.StoreLinter linter() {
        return new Neo4jLinter();
    }

    /** neo4j-migrations' chain, for {@code weave db adopt}. */
    @Override
    public Map<String, String> historySources() {
        return ForeignHistories.SOURCES;
    }

    @Override
    public String databaseSetting() {
        return "database";
    }

    /**
     * Databases matching {@code tenant_*} (Enterprise has several; Community only {@code neo4j}), from
     * {@code SHOW DATABASES}; the system database is never a target.
     */
    @Override
    public List<String> listDatabases(TargetSettings settings, String pattern) {
        Map<String, String> listing = new LinkedHashMap<>(settings.settings());
        listing.remove("database"); // the group itself names none: connect to the server's default
        Neo4jEndpoint endpoint = Neo4jEndpoint.of(settings.withOwnConnection(listing));
        Pattern glob = Pattern.compile(Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote)
                .collect(Collectors.joining(".*")));
        try (Driver driver = endpoint.open().driver();
             Session session = driver.session(SessionConfig.forDatabase("system"))) {
            return session.run("SHOW DATABASES YIELD name, type WHERE type <> 'system' RETURN DISTINCT name ORDER BY name")
                    .list(r -> r.get(0).asString()).stream().filter(name -> glob.matcher(name).matches()).toList();
        } catch (Neo4jException e) {
            throw CypherErrors.storeError(endpoint.address(), e);
        }
    }

    /** Splits the script: an unterminated string, name or comment stops the run before anything is applied. */
    @Override
    public int checkScript(Script script) {
        return CypherScript.parse(script).statements().size();
    }

    @Override
    public String newScriptTemplate(String fileName) {
        return """
                // %s: write this migration's Cypher below, statements ended by ';'.
                // Weave runs the file in one transaction; a file that mixes schema statements (CREATE CONSTRAINT,
                // CREATE INDEX) with data statements, or uses CALL { ... } IN TRANSACTIONS, runs statement by
                // statement instead, as does one whose first line is the comment "weave:no-transaction".
                // As long as this file holds only comments, weave db migrate refuses it rather than recording it empty.

                """.formatted(fileName);
    }
}
