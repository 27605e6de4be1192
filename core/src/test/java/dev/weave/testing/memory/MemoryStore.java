package dev.weave.testing.memory;

import dev.weave.error.StoreUnreachableException;
import dev.weave.spi.Layout;
import dev.weave.spi.Script;
import dev.weave.spi.SettingSpec;
import dev.weave.spi.StoreAdapter;
import dev.weave.spi.StoreConnection;
import dev.weave.spi.TargetSettings;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A store adapter whose "server" lives in this JVM ({@link MemoryServer}): it passes the same conformance suite
 * as the real stores, so the engine (plan, depends-on, fan-out, undo, dry-run, out-of-order) gets unit tests
 * that need no server. Registered for core's own tests only; the published test-jar leaves its service file out.
 *
 * <p>Its files end in {@code .mem}; each line that is not blank or a {@code --} comment is a statement:
 * {@code create NAME}, {@code drop NAME} or {@code fail REASON}. A file runs in one transaction with its
 * ledger entry, like PostgreSQL.
 */
public final class MemoryStore implements StoreAdapter {

    public static final String TYPE = "memory";

    @Override
    public String storeType() {
        return TYPE;
    }

    @Override
    public Set<String> extensions() {
        return Set.of(".mem");
    }

    @Override
    public Layout layout() {
        return new Layout.FolderPerTarget();
    }

    @Override
    public Map<String, String> environmentSettings(Map<String, String> environment) {
        return Map.of();
    }

    @Override
    public List<SettingSpec> settings() {
        return List.of(
                SettingSpec.of("server", SettingSpec.Kind.TEXT, "local", null, "the in-JVM server; 'down' never answers"),
                SettingSpec.of("database", SettingSpec.Kind.TEXT, "", null, "the database (default: the target's name)"),
                SettingSpec.secret("password", null, "must be " + MemoryServer.PASSWORD + " when given"));
    }

    @Override
    public StoreConnection connect(TargetSettings target) {
        String server = target.get("server", "local");
        String database = target.get("database", target.targetName());
        if (server.equals(MemoryServer.DOWN)) {
            throw new StoreUnreachableException("cannot reach the memory server '" + server + "' (database " + database
                    + "): it never answers");
        }
        if (target.get("password").filter(p -> !p.equals(MemoryServer.PASSWORD)).isPresent()) {
            throw new StoreUnreachableException("cannot log in to the memory server '" + server
                    + "': the server refused the credentials");
        }
        return new MemoryConnection(database, MemoryServer.database(database));
    }

    @Override
    public String databaseSetting() {
        return "database";
    }

    @Override
    public List<String> listDatabases(TargetSettings settings, String pattern) {
        return MemoryServer.list(pattern);
    }

    @Override
    public int checkScript(Script script) {
        return MemoryScript.parse(script).size();
    }

    @Override
    public String newScriptTemplate(String fileName) {
        return "-- " + fileName + ": one statement per line: create NAME, drop NAME or fail REASON\n";
    }
}
