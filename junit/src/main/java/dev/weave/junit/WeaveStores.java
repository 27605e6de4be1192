package dev.weave.junit;

import dev.weave.core.Weave;
import org.elasticsearch.client.RestClient;
import org.neo4j.driver.Driver;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The migrated stores of one test class: where each target lives and clients for them. Inject it into a test
 * (or constructor, or {@code @BeforeAll}) of a {@link WeaveTest} class.
 */
public final class WeaveStores {

    private final MigratedStores migrated;
    private final Map<String, String> databases;
    private final Weave weave;

    WeaveStores(MigratedStores migrated, Map<String, String> databases, Weave weave) {
        this.migrated = migrated;
        this.databases = Map.copyOf(databases);
        this.weave = weave;
    }

    /** Every target of the tree that was migrated, e.g. {@code [app, billing, elasticsearch, neo4j]}. */
    public List<String> targets() {
        return migrated.targets();
    }

    /** Weave itself, configured on this class's stores: {@code info}, {@code validate}, or migrate a file a test adds. */
    public Weave weave() {
        return weave;
    }

    /** This class's own database of a PostgreSQL target. */
    public String database(String target) {
        String database = databases.get(target);
        if (database == null) {
            throw new IllegalArgumentException("'" + target + "' is not a PostgreSQL target of this tree; its PostgreSQL"
                    + " targets are " + databases.keySet());
        }
        return database;
    }

    /** JDBC URL of this class's database of {@code target} (without credentials: {@link #postgresUser()}). */
    public String jdbcUrl(String target) {
        return migrated.postgres().jdbcUrl(database(target));
    }

    /** JDBC URL of the only PostgreSQL target. */
    public String jdbcUrl() {
        return jdbcUrl(onlyPostgresTarget());
    }

    public String postgresUser() {
        return migrated.postgres().user();
    }

    public String postgresPassword() {
        return migrated.postgres().password();
    }

    /** A new connection to this class's database of {@code target}; the caller closes it. */
    public Connection connection(String target) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(target), postgresUser(), postgresPassword());
    }

    /** The Neo4j server's Bolt URI (without credentials: {@link #neo4jUser()}, {@link #neo4jPassword()}). */
    public String neo4jUri() {
        return migrated.neo4j().boltUri();
    }

    public String neo4jUser() {
        return migrated.neo4j().user();
    }

    public String neo4jPassword() {
        return migrated.neo4j().password();
    }

    /** A driver logged in to the Neo4j server, shared by the JVM's tests: do not close it. */
    public Driver neo4jDriver() {
        return migrated.neo4jDriver();
    }

    /** {@code http://host:port} of the Elasticsearch node. */
    public String elasticsearchUrl() {
        return migrated.elasticsearch().url();
    }

    /** A client of the Elasticsearch node, shared by the JVM's tests: do not close it. */
    public RestClient elasticsearchClient() {
        return migrated.restClient();
    }

    String onlyPostgresTarget() {
        if (databases.size() != 1) {
            throw new IllegalArgumentException("the tree has " + databases.size() + " PostgreSQL targets " + databases.keySet()
                    + "; name one (@WeaveTarget(\"…\") on the parameter, or jdbcUrl(target))");
        }
        return databases.keySet().iterator().next();
    }
}
