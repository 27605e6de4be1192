package dev.weave.config;

import dev.weave.error.ConfigurationException;
import dev.weave.spi.StoreAdapter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** The store adapters on the class path, found through {@link ServiceLoader}. */
public final class StoreAdapters {

    private final List<StoreAdapter> adapters;

    private StoreAdapters(List<StoreAdapter> adapters) {
        this.adapters = List.copyOf(adapters);
    }

    public static StoreAdapters load() {
        return load(StoreAdapters.class.getClassLoader());
    }

    public static StoreAdapters load(ClassLoader loader) {
        List<StoreAdapter> found = new ArrayList<>();
        ServiceLoader.load(StoreAdapter.class, loader).forEach(found::add);
        found.sort(Comparator.comparing(StoreAdapter::storeType));
        return of(found);
    }

    public static StoreAdapters of(List<StoreAdapter> adapters) {
        for (int i = 0; i < adapters.size(); i++) {
            for (int j = i + 1; j < adapters.size(); j++) {
                for (String ext : adapters.get(i).extensions()) {
                    if (adapters.get(j).extensions().contains(ext)) {
                        throw new IllegalStateException("two store adapters claim " + ext + ": "
                                + adapters.get(i).storeType() + " and " + adapters.get(j).storeType());
                    }
                }
            }
        }
        return new StoreAdapters(adapters);
    }

    public List<StoreAdapter> all() {
        return adapters;
    }

    public Optional<StoreAdapter> find(String storeType) {
        return adapters.stream().filter(a -> a.storeType().equals(storeType)).findFirst();
    }

    public StoreAdapter require(String storeType, String where) {
        return find(storeType).orElseThrow(() -> new ConfigurationException(where + ": unknown store '" + storeType
                + "'; known stores: " + String.join(", ", adapters.stream().map(StoreAdapter::storeType).toList())));
    }
}
