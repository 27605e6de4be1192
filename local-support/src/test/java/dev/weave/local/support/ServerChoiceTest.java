package dev.weave.local.support;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerChoiceTest {

    private static final String SELECTOR = "WEAVE_TEST_SERVER_CHOICE";
    private static final BooleanSupplier NEVER_ASKED = () -> {
        throw new AssertionError("Docker must not be probed");
    };

    private final ServerChoice choice =
            new ServerChoice(SELECTOR, "Demo", "org.testcontainers:demo", "weave-shared-demo-stop");

    @Test
    void theSelectorIsStrippedAndLowerCasedAndAPropertyComesFirst() {
        assertEquals("docker", ServerChoice.selector(" Docker ", "local"));
        assertEquals("local", ServerChoice.selector(null, "LOCAL"));
        assertEquals("local", ServerChoice.selector("  ", "local"), "a blank property gives way to the variable");
        assertEquals("", ServerChoice.selector(null, null));
        assertEquals("", ServerChoice.selector(" ", null));

        System.setProperty(SELECTOR, "Local");
        try {
            assertEquals("local", choice.selector());
        } finally {
            System.clearProperty(SELECTOR);
        }
    }

    @Test
    void localAndDockerAreChosenWithoutProbing() {
        assertTrue(choice.useDocker("docker", NEVER_ASKED));
        assertFalse(choice.useDocker("local", NEVER_ASKED));
    }

    @Test
    void anUnknownSelectorIsRefusedByName() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> choice.useDocker("podman", NEVER_ASKED));
        assertEquals(SELECTOR + " must be local or docker, not podman", e.getMessage());
    }

    /** This module's tests have no Testcontainers: unset, the choice falls to local without probing. */
    @Test
    void withoutTestcontainersAnEmptySelectorMeansLocal() {
        assertFalse(choice.useDocker("", NEVER_ASKED));
    }

    @Test
    void aProbeThatFailsMeansNoDocker() {
        assertFalse(ServerChoice.dockerAnswers(() -> {
            throw new NoClassDefFoundError("org/testcontainers/DockerClientFactory");
        }));
        assertFalse(ServerChoice.dockerAnswers(() -> {
            throw new IllegalStateException("no engine");
        }));
    }

    @Test
    void aMissingTestcontainersModuleIsNamed() {
        NoClassDefFoundError missing = new NoClassDefFoundError("org/testcontainers/containers/DemoContainer");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> choice.startDocker(() -> {
            throw missing;
        }));
        assertEquals(SELECTOR + "=docker needs org.testcontainers:demo on the classpath", e.getMessage());
        assertSame(missing, e.getCause());
    }

    @Test
    void aLocalServerThatCannotStartIsReported() {
        IOException cause = new IOException("no port");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> choice.startLocal(() -> {
            throw cause;
        }));
        assertEquals("could not start a local Demo", e.getMessage());
        assertSame(cause, e.getCause());
    }

    @Test
    void theStartedServerIsReturned() {
        AutoCloseable server = () -> { };
        assertSame(server, choice.startLocal(() -> server));
        assertSame(server, choice.startDocker(() -> server));
    }

    @Test
    void aSharedServerStartsOnce() {
        AtomicInteger starts = new AtomicInteger();
        SharedServer<Object> shared = new SharedServer<>(() -> "server " + starts.incrementAndGet());
        assertEquals("server 1", shared.get());
        assertEquals("server 1", shared.get());
        assertEquals(1, starts.get());
    }
}
