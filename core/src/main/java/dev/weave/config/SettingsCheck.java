package dev.weave.config;

import dev.weave.api.WeaveConfig;
import dev.weave.error.ConfigurationException;
import dev.weave.spi.SettingSpec;
import dev.weave.spi.StoreAdapter;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every setting key against what the adapters declare ({@link StoreAdapter#settings()}): a typo must be an
 * error naming the key, where it came from and the nearest valid key, never a silent fall-back to a default.
 */
final class SettingsCheck {

    /** Settings the core itself reads, valid for every store. */
    static final Set<String> CORE = Set.of("cleanDisabled");

    private final StoreAdapters adapters;

    SettingsCheck(StoreAdapters adapters) {
        this.adapters = adapters;
    }

    /**
     * Before any target is resolved: every store's settings are that store's, every override some store's, so a
     * typo is reported even where no target of that store exists (yet).
     */
    void check(WeaveConfig config) {
        for (StoreAdapter adapter : adapters.all()) {
            requireKnown(adapter, config.storeSettings(adapter.storeType()), "the " + adapter.storeType()
                    + " store settings (weave.yaml stores." + adapter.storeType() + ")");
        }
        for (StoreAdapter adapter : adapters.all()) {
            overridesFor(adapter, config.overrides());
        }
    }

    /** Store and target settings (weave.yaml, the Java API) must be this adapter's own. */
    void requireKnown(StoreAdapter adapter, Map<String, String> settings, String where) {
        for (String key : settings.keySet()) {
            if (!CORE.contains(key) && !declares(adapter, key)) {
                throw new ConfigurationException(where + ": unknown " + adapter.storeType() + " setting '" + key + "'"
                        + hint(key, names(List.of(adapter))) + "; " + adapter.storeType() + " settings are "
                        + String.join(", ", names(List.of(adapter))) + " (weave db settings describes them)");
            }
        }
    }

    /**
     * Overrides ({@code --set}, {@code --host} …) apply to every target of a run, of any store: each must be
     * some store's setting, and reaches only the adapters that declare it ({@code --set indexPrefix=x} in a
     * migrate-all does not land in PostgreSQL's settings).
     */
    Map<String, String> overridesFor(StoreAdapter adapter, Map<String, String> overrides) {
        Map<String, String> own = new LinkedHashMap<>();
        overrides.forEach((key, value) -> {
            if (CORE.contains(key) || declares(adapter, key)) {
                own.put(key, value);
            } else if (adapters.all().stream().noneMatch(a -> declares(a, key))) {
                List<String> all = names(adapters.all());
                throw new ConfigurationException("unknown setting '" + key + "' (--set or a flag): no store reads it"
                        + hint(key, all) + "; weave db settings lists each store's settings");
            }
        });
        return own;
    }

    private static boolean declares(StoreAdapter adapter, String key) {
        for (SettingSpec spec : adapter.settings()) {
            if (spec.name().equals(key)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> names(Collection<StoreAdapter> adapters) {
        List<String> names = new ArrayList<>();
        for (StoreAdapter adapter : adapters) {
            for (SettingSpec spec : adapter.settings()) {
                if (!names.contains(spec.name())) {
                    names.add(spec.name());
                }
            }
        }
        names.addAll(CORE);
        return names;
    }

    /** "; did you mean 'ledgerIndex'?" for the closest name within a few edits, else nothing. */
    static String hint(String key, Collection<String> names) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String name : names) {
            int d = distance(key.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = name;
                bestDistance = d;
            }
        }
        int allowed = Math.max(2, key.length() / 3);
        return best != null && bestDistance <= allowed ? "; did you mean '" + best + "'?" : "";
    }

    /** Edit distance with adjacent transpositions ("Tabel" is one edit from "Table"). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
