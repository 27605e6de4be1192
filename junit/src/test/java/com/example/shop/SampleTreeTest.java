package com.example.shop;

import dev.weave.junit.WeaveStores;
import dev.weave.junit.WeaveTarget;
import dev.weave.junit.WeaveTest;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Driver;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user's test class: the repository's sample tree (two PostgreSQL databases, Neo4j, Elasticsearch) migrated by
 * the kit, the stores injected as parameters.
 */
@WeaveTest(location = "../migrations")
class SampleTreeTest {

    @Test
    void postgresIsMigratedAndSeeded(@WeaveTarget("app") Connection app) throws Exception {
        try (Statement st = app.createStatement()) {
            ResultSet users = st.executeQuery("SELECT count(*) FROM users");
            users.next();
            assertTrue(users.getInt(1) > 0, "V1 seeds users");
            List<String> versions = new ArrayList<>();
            ResultSet ledger = st.executeQuery("SELECT version FROM weave_schema_history WHERE success AND version IS NOT NULL"
                    + " ORDER BY installed_rank");
            while (ledger.next()) {
                versions.add(ledger.getString(1));
            }
            assertEquals(List.of("1", "2", "3", "4"), versions);
        }
    }

    @Test
    void eachPostgresTargetHasItsOwnDatabaseForThisClass(WeaveStores stores) throws Exception {
        assertNotEquals(stores.database("app"), stores.database("billing"));
        try (Connection billing = stores.connection("billing"); Statement st = billing.createStatement()) {
            ResultSet plans = st.executeQuery("SELECT to_regclass('plans') IS NOT NULL, to_regclass('users') IS NULL");
            plans.next();
            assertTrue(plans.getBoolean(1) && plans.getBoolean(2), "billing has plans and not app's users");
        }
        assertTrue(stores.weave().validate("app", false).isValid(), "Weave sees this class's copy as migrated");
    }

    @Test
    void theGraphKeepsItsSchemaAndStartsEmpty(Driver neo4j) {
        try (var session = neo4j.session()) {
            List<String> constraints = session.run("SHOW CONSTRAINTS YIELD name RETURN name ORDER BY name")
                    .list(r -> r.get(0).asString());
            assertTrue(constraints.containsAll(List.of("document_id", "user_id")), constraints.toString());
            long data = session.run("MATCH (n) WHERE none(l IN labels(n) WHERE l STARTS WITH '__Weave') RETURN count(n)")
                    .single().get(0).asLong();
            assertEquals(0, data, "the seed graph of V2 is cleared for each class; the ledger stays");
            long ledger = session.run("MATCH (m:__WeaveMigration) WHERE m.success RETURN count(m)").single().get(0).asLong();
            assertEquals(3, ledger);
        }
    }

    @Test
    void theIndicesKeepTheirMappingsAndStartEmpty(RestClient elasticsearch) throws Exception {
        String alias = body(elasticsearch, new Request("GET", "/_alias/documents"));
        assertTrue(alias.contains("documents_v1"), alias);
        String count = body(elasticsearch, new Request("GET", "/documents/_count"));
        assertTrue(count.contains("\"count\":0"), "V3's welcome documents are cleared for each class: " + count);
    }

    static String body(RestClient client, Request request) throws Exception {
        return new String(client.performRequest(request).getEntity().getContent().readAllBytes());
    }
}
