package dev.weave.local.neo4j;

import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

import java.nio.file.Path;

/**
 * Run by {@link LocalNeo4jTest} as its own JVM, to be killed: starts a kept server in {@code args[0]}
 * with the password from {@code WEAVE_TEST_NEO4J_PASSWORD}, writes a node, prints the server's pid.
 */
public final class KeptServerMain {

    public static void main(String[] args) throws Exception {
        LocalNeo4j server = LocalNeo4j.start(Path.of(args[0]), 0, System.getenv("WEAVE_TEST_NEO4J_PASSWORD"));
        try (Driver driver = server.openDriver(); Session session = driver.session()) {
            session.run("CREATE (:Kept {name: 'before the kill'})").consume();
        }
        System.out.println("READY " + server.process().pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
