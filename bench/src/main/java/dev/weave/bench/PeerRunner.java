package dev.weave.bench;

import java.nio.file.Path;
import java.util.Map;

/**
 * The operations of a peer whose jar the build cannot take as a Maven dependency (see the POM): implemented in
 * {@code src/peers/java}, compiled against the jar after the main classes, and loaded by name.
 */
interface PeerRunner {

    Map<String, String> run(String operation, Path dir, Connections c) throws Exception;

    static PeerRunner load(String className) {
        try {
            return (PeerRunner) Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(className + " is missing: build the bench module with Maven (it compiles"
                    + " src/peers/java against target/peer-libs)", e);
        }
    }
}
