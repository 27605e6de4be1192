package dev.weave.conformance;

import dev.weave.testing.memory.MemoryServer;
import dev.weave.testing.memory.MemoryStore;

import java.util.Map;
import java.util.Optional;

/**
 * The conformance suite against the in-memory store: proves the suite and the engine on their own, in a
 * second, and keeps the in-memory store honest enough to carry the engine's unit tests.
 */
class MemoryConformanceTest extends StoreConformanceSuite {

    @Override
    protected StoreFixture fixture() {
        return new StoreFixture() {
            @Override
            public String storeType() {
                return MemoryStore.TYPE;
            }

            @Override
            public String extension() {
                return ".mem";
            }

            @Override
            public Map<String, String> freshTarget(String name) {
                return Map.of("database", name + "_" + System.nanoTime(), "password", MemoryServer.PASSWORD);
            }

            @Override
            public String createObject(String name) {
                return "create " + name + "\n";
            }

            @Override
            public String dropObject(String name) {
                return "drop " + name + "\n";
            }

            @Override
            public String failingScript(String createdFirst) {
                return "create " + createdFirst + "\n-- the next statement fails\nfail no such table missing\n";
            }

            @Override
            public boolean objectExists(Map<String, String> target, String name) {
                return MemoryServer.objects(target.get("database")).contains(name);
            }

            @Override
            public boolean transactional() {
                return true;
            }

            @Override
            public Map<String, String> unreachableTarget(String name) {
                return Map.of("server", MemoryServer.DOWN, "database", name);
            }

            @Override
            public Optional<Map<String, String>> wrongCredentialsTarget(String name) {
                return Optional.of(Map.of("database", name, "password", "not-the-password-7f3a"));
            }
        };
    }
}
