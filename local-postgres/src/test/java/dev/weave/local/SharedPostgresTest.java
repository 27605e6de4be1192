package dev.weave.local;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedPostgresTest {

    @Test
    void oneServerPerJvmThatTakesDatabases() throws Exception {
        PostgresServer server = SharedPostgres.get();
        assertSame(server, SharedPostgres.get());

        server.createDatabase("shared_it");
        try (Connection connection = DriverManager.getConnection(
                server.jdbcUrl("shared_it"), server.user(), server.password());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select current_database()")) {
            assertTrue(rows.next());
            assertEquals("shared_it", rows.getString(1));
        } finally {
            server.dropDatabase("shared_it");
        }
    }

    @Test
    void selectorIsChecked() {
        assertFalse(SharedPostgres.useDocker("local"));
        assertThrows(IllegalArgumentException.class, () -> SharedPostgres.useDocker("podman"));
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
            Class<?> shared = Class.forName(SharedPostgres.class.getName(), true, withoutTestcontainers);
            var useDocker = shared.getDeclaredMethod("useDocker", String.class);
            useDocker.setAccessible(true);
            assertEquals(false, useDocker.invoke(null, ""));
        }
    }
}
