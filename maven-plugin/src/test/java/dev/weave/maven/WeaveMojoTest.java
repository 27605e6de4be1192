package dev.weave.maven;

import org.apache.maven.plugin.AbstractMojoExecutionException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The goals in-process, as Maven would configure them, on folders of files: no server. */
class WeaveMojoTest {

    @TempDir
    Path project;

    private final CapturingLog log = new CapturingLog();

    private <M extends AbstractWeaveMojo> M mojo(M mojo) {
        mojo.basedir = project.toFile();
        mojo.setLog(log);
        return mojo;
    }

    private void file(String path, String text) throws Exception {
        Path f = project.resolve(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }

    private SumMojo sum() {
        SumMojo sum = mojo(new SumMojo());
        sum.sumFile = new File("weave.sum");
        return sum;
    }

    private ValidateAllMojo validateAllOffline() {
        ValidateAllMojo validate = mojo(new ValidateAllMojo());
        validate.offline = true;
        validate.sumFile = new File("weave.sum");
        return validate;
    }

    @Test
    void sumThenValidateAllOfflineIsValid() throws Exception {
        file(".weave/migrations/app/V1__create_users.sql", "CREATE TABLE users (id int);\n");
        file(".weave/migrations/neo4j/cypher/V1__constraint.cypher", "CREATE CONSTRAINT c IF NOT EXISTS FOR (u:User) REQUIRE u.id IS UNIQUE;\n");
        sum().execute();
        assertTrue(log.lines.contains("[INFO] wrote weave.sum: 2 migrations; commit it"), log.text());
        assertTrue(Files.readString(project.resolve("weave.sum")).contains("app/V1__create_users.sql sha256:"));

        validateAllOffline().execute();
        assertTrue(log.lines.contains("[INFO] app: valid (0 applied, 0 pending)"), log.text());
        assertTrue(log.lines.contains("[INFO] neo4j: valid (0 applied, 0 pending)"), log.text());
        assertTrue(log.lines.contains("[INFO] validate-all: ok (offline, against weave.sum)"), log.text());
    }

    @Test
    void anEditedReleasedMigrationIsAValidationFailure() throws Exception {
        file(".weave/migrations/app/V1__create_users.sql", "CREATE TABLE users (id int);\n");
        sum().execute();
        file(".weave/migrations/app/V1__create_users.sql", "CREATE TABLE users (id bigint);\n");

        MojoFailureException e = assertThrows(MojoFailureException.class, () -> validateAllOffline().execute());
        assertTrue(e.getMessage().startsWith("validate-all: 1 of 1 targets have problems (offline, against weave.sum): app: 1 problem"),
                e.getMessage());
        assertTrue(e.getMessage().contains("V1__create_users.sql"), e.getMessage());
        assertTrue(e.getMessage().endsWith(" (weave exit code 3)"), e.getMessage());
        assertNull(e.getCause());
        assertTrue(log.lines.stream().anyMatch(l -> l.startsWith("[ERROR] app: 1 problem")), log.text());
    }

    @Test
    void aBadFileNameIsAConfigurationErrorNamingTheFile() throws Exception {
        file(".weave/migrations/app/V1__create_users.sql", "CREATE TABLE users (id int);\n");
        sum().execute();
        file(".weave/migrations/app/V2_missing_underscore.sql", "SELECT 1;\n");

        MojoExecutionException e = assertThrows(MojoExecutionException.class, () -> validateAllOffline().execute());
        assertTrue(e.getMessage().contains("V2_missing_underscore.sql"), e.getMessage());
        assertTrue(e.getMessage().endsWith(" (weave exit code 2)"), e.getMessage());
        assertNull(e.getCause(), "a user's mistake carries no stack trace");
    }

    @Test
    void weaveYamlIsReadFromTheProjectFolderAndParametersOverrideIt() throws Exception {
        file("weave.yaml", "location: db/migrations\n");
        file("db/migrations/app/V1__a.sql", "SELECT 1;\n");
        file("other/app/V1__a.sql", "SELECT 1;\n");
        file("other/app/V2__b.sql", "SELECT 2;\n");
        sum().execute();
        assertTrue(log.lines.contains("[INFO] wrote weave.sum: 1 migration; commit it"), log.text());

        SumMojo fromParameter = sum();
        fromParameter.location = new File("other");
        fromParameter.execute();
        assertTrue(log.lines.contains("[INFO] wrote weave.sum: 2 migrations; commit it"), log.text());
    }

    @Test
    void aMissingConfigFileIsExitTwo() {
        SumMojo sum = sum();
        sum.configFile = new File("nope.yaml");
        MojoExecutionException e = assertThrows(MojoExecutionException.class, sum::execute);
        assertEquals("configFile nope.yaml: no such file (weave exit code 2)", e.getMessage());
    }

    @Test
    void anUnknownSettingIsExitTwoWithTheNearestName() throws Exception {
        file(".weave/migrations/app/V1__a.sql", "SELECT 1;\n");
        MigrateMojo migrate = mojo(new MigrateMojo());
        migrate.target = "app";
        migrate.settings = Map.of("pasword", "x");
        MojoExecutionException e = assertThrows(MojoExecutionException.class, migrate::execute);
        assertTrue(e.getMessage().contains("'pasword'") && e.getMessage().contains("password"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(weave exit code 2)"), e.getMessage());
    }

    @Test
    void anUnreachableStoreIsExitFourAndThePasswordIsNeverShown() throws Exception {
        file(".weave/migrations/app/V1__a.sql", "SELECT 1;\n");
        MigrateMojo migrate = mojo(new MigrateMojo());
        migrate.target = "app";
        migrate.settings = Map.of("host", "127.0.0.1", "port", "1");
        migrate.set = List.of("password=Very-Secret-Value", "user=someone");
        MojoExecutionException e = assertThrows(MojoExecutionException.class, migrate::execute);
        assertTrue(e.getMessage().contains("cannot reach PostgreSQL at postgresql://127.0.0.1:1/app"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(weave exit code 4)"), e.getMessage());
        assertFalse(e.getMessage().contains("Very-Secret-Value"));
        assertFalse(log.text().contains("Very-Secret-Value"));
    }

    @Test
    void aCommandLineItemWithoutEqualsIsExitTwoWithoutRepeatingIt() {
        SumMojo sum = sum();
        sum.set = List.of("hunter2-password");
        MojoExecutionException e = assertThrows(MojoExecutionException.class, sum::execute);
        assertTrue(e.getMessage().startsWith("weave.set: expected key=value"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"));
    }

    @Test
    void skipDoesNothing() throws Exception {
        SumMojo sum = sum();
        sum.skip = true;
        sum.configFile = new File("nope.yaml"); // would fail if read
        sum.execute();
        assertEquals(List.of("[INFO] weave: skipped (weave.skip)"), log.lines);
        assertFalse(Files.exists(project.resolve("weave.sum")));
    }

    @Test
    void exitCodesMapToTheTwoKindsOfBuildFailure() {
        for (int code : new int[] {1, 3, 6}) {
            AbstractMojoExecutionException e = Failures.of(code, "m");
            assertInstanceOf(MojoFailureException.class, e);
            assertEquals("m (weave exit code " + code + ")", e.getMessage());
        }
        for (int code : new int[] {2, 4, 5}) {
            assertInstanceOf(MojoExecutionException.class, Failures.of(code, "m"));
        }
    }

    @Test
    void theStoreAdaptersAreFoundThroughThePluginsClassLoader() {
        List<String> stores = dev.weave.core.Weave.installedStores(AbstractWeaveMojo.class.getClassLoader()).stream()
                .map(dev.weave.spi.StoreAdapter::storeType).toList();
        assertEquals(List.of("elasticsearch", "neo4j", "postgres"), stores);
    }
}
