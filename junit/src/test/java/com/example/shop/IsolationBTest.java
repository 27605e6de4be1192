package com.example.shop;

import dev.weave.junit.WeaveStores;
import dev.weave.junit.WeaveTest;
import org.elasticsearch.client.Request;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Writes to every store and checks that what IsolationATest writes is not there, whichever of the two runs
 * first; and that both classes got copies of one migration (the same installed_on in the ledger).
 */
@WeaveTest(location = "../migrations")
class IsolationBTest {

    @Test
    void whatTheOtherClassWroteIsNotHere(WeaveStores stores) throws Exception {
        try (Connection app = stores.connection("app"); Statement st = app.createStatement()) {
            ResultSet other = st.executeQuery("SELECT count(*) FROM users WHERE email = 'a@isolation.test'");
            other.next();
            assertEquals(0, other.getInt(1));
            st.execute("INSERT INTO users (email, name) VALUES ('b@isolation.test', 'B')");
            ResultSet installed = st.executeQuery("SELECT installed_on FROM weave_schema_history WHERE version = '1'");
            installed.next();
            Migrations.sameMigration(installed.getTimestamp(1).toInstant());
        }
        try (var session = stores.neo4jDriver().session()) {
            assertEquals(0, session.run("MATCH (p:Probe {by: 'A'}) RETURN count(p)").single().get(0).asLong());
            session.run("CREATE (:Probe {by: 'B'})").consume();
        }
        var client = stores.elasticsearchClient();
        String count = SampleTreeTest.body(client, new Request("GET", "/documents/_count?q=title:probeA"));
        assertTrue(count.contains("\"count\":0"), count);
        Request put = new Request("PUT", "/documents_v1/_doc/probe-B?refresh=true");
        put.setJsonEntity("{\"title\": \"probeB\"}");
        client.performRequest(put);
    }
}
