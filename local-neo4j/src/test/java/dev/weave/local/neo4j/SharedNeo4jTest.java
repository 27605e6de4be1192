package dev.weave.local.neo4j;

import org.junit.jupiter.api.Test;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Logging;
import org.neo4j.driver.Session;
import org.neo4j.driver.exceptions.AuthenticationException;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedNeo4jTest {

    @Test
    void oneServerPerJvmWithAuthEnforced() {
        Neo4jServer server = SharedNeo4j.get();
        assertSame(server, SharedNeo4j.get());

        try (Driver driver = server.openDriver(); Session session = driver.session()) {
            assertEquals(Neo4jServer.DATABASE, session.run("CALL db.info() YIELD name RETURN name").single().get(0).asString());
            String edition = session.run("CALL dbms.components() YIELD versions, edition RETURN versions[0] + ' ' + edition")
                    .single().get(0).asString();
            assertTrue(edition.startsWith("5.26") && edition.endsWith("community"), edition);
        }
        try (Driver wrong = GraphDatabase.driver(server.boltUri(), AuthTokens.basic(server.user(), "not-the-password"),
                Config.builder().withLogging(Logging.none()).build())) {
            assertThrows(AuthenticationException.class, wrong::verifyConnectivity, "auth must be enabled");
        }
    }

    @Test
    void resetLeavesAGraphLikeANewDatabase() {
        Neo4jServer server = SharedNeo4j.get();
        try (Driver driver = server.openDriver(); Session session = driver.session()) {
            // more nodes than one delete batch, relationships, and every kind of schema object
            session.run("UNWIND range(1, 12000) AS i CREATE (:Item {id: i})-[:IN]->(:Box {id: i})").consume();
            session.run("CREATE CONSTRAINT item_id FOR (i:Item) REQUIRE i.id IS UNIQUE").consume();
            session.run("CREATE INDEX box_id FOR (b:Box) ON (b.id)").consume();
            session.run("CREATE FULLTEXT INDEX `odd ``name``` FOR (b:Box) ON EACH [b.label]").consume();

            server.reset();

            assertEquals(0, session.run("MATCH (n) RETURN count(n)").single().get(0).asLong());
            assertTrue(session.run("SHOW CONSTRAINTS").list().isEmpty());
            assertEquals(List.of("LOOKUP", "LOOKUP"), session.run("SHOW INDEXES YIELD type RETURN type")
                    .list(r -> r.get(0).asString()), "only the token lookup indexes a new database has");
        }
    }

    @Test
    void selectorIsChecked() {
        assertFalse(SharedNeo4j.useDocker("local"));
        assertThrows(IllegalArgumentException.class, () -> SharedNeo4j.useDocker("podman"));
    }

    /** Testcontainers is optional: without it on the classpath the choice must quietly fall to local. */
    @Test
    void loadsAndChoosesLocalWithoutTestcontainers() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.contains("testcontainers")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        try (URLClassLoader withoutTestcontainers =
                     new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            assertThrows(ClassNotFoundException.class,
                    () -> withoutTestcontainers.loadClass("org.testcontainers.DockerClientFactory"));
            Class<?> shared = Class.forName(SharedNeo4j.class.getName(), true, withoutTestcontainers);
            var useDocker = shared.getDeclaredMethod("useDocker", String.class);
            useDocker.setAccessible(true);
            assertEquals(false, useDocker.invoke(null, ""));
        }
    }
}
