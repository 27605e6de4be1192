package dev.weave.conformance;

import java.util.Map;
import java.util.Optional;

/**
 * What a store module gives the conformance suite: fresh targets on its real server and scripts in its
 * own language. Objects are named with lower-case letters, digits and underscores.
 */
public interface StoreFixture {

    /** The adapter's store type, e.g. {@code postgres}. */
    String storeType();

    /** The file extension of this store's migrations, e.g. {@code .sql}. */
    String extension();

    /**
     * Settings of a new, empty target on the real server (a new database, index prefix or cleaned
     * graph), isolated from every other test.
     */
    Map<String, String> freshTarget(String name);

    /** A script that creates an object the test can look for. */
    String createObject(String name);

    /** Two scripts as one file, in order (SQL and Cypher: one after the other; HTTP: a ### between). */
    default String combine(String first, String second) {
        return first + "\n" + second;
    }

    /** A script that removes that object again (the body of an undo file). */
    String dropObject(String name);

    /**
     * A script whose first statement creates {@code createdFirst} and whose second statement fails, with
     * the failing statement on line 3 of the script.
     */
    String failingScript(String createdFirst);

    /** Whether the object exists in the target, asked of the real server. */
    boolean objectExists(Map<String, String> target, String name);

    /** True when a failed script leaves nothing behind (it ran in one transaction with its ledger entry). */
    boolean transactional();

    /** Settings that point at a port where nothing listens. */
    Map<String, String> unreachableTarget(String name);

    /** Settings with a wrong password, if this server checks credentials. */
    Optional<Map<String, String>> wrongCredentialsTarget(String name);
}
