package dev.weave.junit;

import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Map;

/** One test class's copy of the migrated stores; its PostgreSQL databases are dropped when the class ends. */
final class ClassStores implements ExtensionContext.Store.CloseableResource {

    private final MigratedStores migrated;
    private final Map<String, String> databases;
    private final WeaveStores view;

    ClassStores(MigratedStores migrated, Map<String, String> databases) {
        this.migrated = migrated;
        this.databases = databases;
        this.view = new WeaveStores(migrated, databases, migrated.weaveOn(databases));
    }

    WeaveStores view() {
        return view;
    }

    @Override
    public void close() {
        migrated.drop(databases.values());
    }
}
