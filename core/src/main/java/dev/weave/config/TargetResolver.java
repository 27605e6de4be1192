package dev.weave.config;

import dev.weave.api.TargetConfig;
import dev.weave.api.WeaveConfig;
import dev.weave.error.ConfigurationException;
import dev.weave.spi.Layout;
import dev.weave.spi.StoreAdapter;
import dev.weave.spi.TargetSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Decides which targets exist: the ones named in the configuration, or else the default layout
 * ({@code <location>/<database>/} for the folder-per-target store, fixed folders such as
 * {@code <location>/neo4j/cypher/} for the others), and merges each target's settings.
 */
public final class TargetResolver {

    /** Fan-out member names become {@code <group>.<database>}. */
    public static final String MEMBER_SEPARATOR = ".";

    private final WeaveConfig config;
    private final StoreAdapters adapters;
    private final boolean listFromServers;

    public TargetResolver(WeaveConfig config, StoreAdapters adapters) {
        this(config, adapters, true);
    }

    /**
     * @param listFromServers false for work on files alone (weave.sum, offline validation): a fan-out
     *                        pattern then stands as one target instead of being listed from its server
     */
    public TargetResolver(WeaveConfig config, StoreAdapters adapters, boolean listFromServers) {
        this.config = config;
        this.adapters = adapters;
        this.listFromServers = listFromServers;
    }

    /** Targets per store type, so that environment settings that fit a single target can tell. */
    private final Map<String, Integer> storeTargets = new HashMap<>();

    public List<ResolvedTarget> resolveAll() {
        storeTargets.clear();
        for (String storeType : new java.util.TreeSet<>(config.storeTypesWithSettings())) {
            // a misspelt store name would otherwise drop its settings silently (and connect with defaults)
            adapters.require(storeType, "stores." + storeType + " (weave.yaml)");
        }
        new SettingsCheck(adapters).check(config);
        List<ResolvedTarget> targets = new ArrayList<>();
        if (!config.targets().isEmpty()) {
            for (TargetConfig target : config.targets()) {
                storeTargets.merge(target.storeType(), target.fanOut().isEmpty() ? 1 : 2, Integer::sum);
            }
            for (TargetConfig target : config.targets()) {
                StoreAdapter adapter = adapters.require(target.storeType(), "target '" + target.name() + "'");
                Path folder = target.folder() == null ? config.location().resolve(target.name())
                        : config.location().resolve(target.folder());
                if (target.fanOut().isEmpty()) {
                    targets.add(resolved(target.name(), adapter, folder, target.settings(), target.cleanDisabled()));
                } else {
                    targets.addAll(fanOut(target, adapter, folder));
                }
            }
            return requireNamedTargets(targets);
        }
        Path root = config.location();
        if (!Files.isDirectory(root)) {
            throw new ConfigurationException("migrations folder " + root + " does not exist: create "
                    + root + "/<database>/V1__<description>.sql, or point --location (or weave.yaml) at your migrations");
        }
        Set<String> claimed = new HashSet<>();
        List<Path> perFolderDirs = new ArrayList<>();
        for (StoreAdapter adapter : adapters.all()) {
            if (adapter.layout() instanceof Layout.FixedFolder fixed) {
                claimed.add(Path.of(fixed.relativePath()).getName(0).toString());
                if (Files.isDirectory(root.resolve(fixed.relativePath()))) {
                    storeTargets.merge(adapter.storeType(), 1, Integer::sum);
                }
            }
        }
        for (Path dir : subFolders(root)) {
            String name = dir.getFileName().toString();
            if (!claimed.contains(name) && !name.startsWith(".")) {
                perFolderDirs.add(dir);
            }
        }
        for (StoreAdapter adapter : adapters.all()) {
            if (adapter.layout() instanceof Layout.FixedFolder fixed) {
                Path folder = root.resolve(fixed.relativePath());
                if (Files.isDirectory(folder)) {
                    targets.add(resolved(fixed.targetName(), adapter, folder, Map.of(), false));
                }
            }
        }
        List<StoreAdapter> perFolder = adapters.all().stream()
                .filter(a -> a.layout() instanceof Layout.FolderPerTarget).toList();
        if (perFolder.size() > 1) {
            throw new IllegalStateException("more than one store adapter uses a folder per target: " + perFolder);
        }
        if (!perFolder.isEmpty()) {
            storeTargets.put(perFolder.get(0).storeType(), perFolderDirs.size());
            for (Path dir : perFolderDirs) {
                targets.add(resolved(dir.getFileName().toString(), perFolder.get(0), dir, Map.of(), false));
            }
        }
        return requireNamedTargets(targets);
    }

    /** Settings or a client for a target that does not exist are a mistake (a misspelt name), not a no-op. */
    private List<ResolvedTarget> requireNamedTargets(List<ResolvedTarget> targets) {
        Set<String> names = new HashSet<>();
        targets.forEach(t -> {
            names.add(t.name());
            if (t.group() != null) {
                names.add(t.group());
            }
        });
        for (String named : config.targetsNamedBySettingsOrClients()) {
            if (!names.contains(named)) {
                throw new ConfigurationException("settings or a client are given for target '" + named
                        + "', which does not exist; the targets are " + String.join(", ", new java.util.TreeSet<>(names)));
            }
        }
        return targets;
    }

    /** One target per database of a fan-out target; patterns are listed from the server. */
    private List<ResolvedTarget> fanOut(TargetConfig target, StoreAdapter adapter, Path folder) {
        List<String> databases = new ArrayList<>();
        for (String entry : target.fanOut()) {
            if (!entry.contains("*")) {
                databases.add(entry);
            } else if (listFromServers) {
                ResolvedTarget group = resolved(target.name(), adapter, folder, target.settings(), target.cleanDisabled());
                List<String> listed = adapter.listDatabases(group.settings(), entry);
                if (listed.isEmpty()) {
                    throw new ConfigurationException("target '" + target.name() + "' (weave.yaml): databases pattern '" + entry
                            + "' matches no database on the server; check the pattern (only * is a wildcard), or create"
                            + " a matching database first");
                }
                databases.addAll(listed);
            } else {
                return List.of(resolved(target.name(), adapter, folder, target.settings(), target.cleanDisabled()));
            }
        }
        String databaseSetting = adapter.databaseSetting();
        if (databaseSetting == null) {
            throw new ConfigurationException("target '" + target.name() + "' (weave.yaml): the " + adapter.storeType()
                    + " store has no databases, so it cannot fan out over 'databases'; give each one a target of its own");
        }
        if (target.settings().containsKey(databaseSetting)) {
            throw new ConfigurationException("weave.yaml: targets." + target.name() + " has both settings."
                    + databaseSetting + " and databases: a fan-out target takes its databases from 'databases'; remove"
                    + " settings." + databaseSetting);
        }
        List<ResolvedTarget> members = new ArrayList<>();
        for (String database : new java.util.LinkedHashSet<>(databases)) {
            Map<String, String> settings = new LinkedHashMap<>(target.settings());
            settings.put(databaseSetting, database);
            ResolvedTarget member = resolved(target.name() + MEMBER_SEPARATOR + database, adapter, folder, settings,
                    target.cleanDisabled());
            members.add(new ResolvedTarget(member.name(), adapter, folder, member.settings(), member.cleanDisabled(),
                    target.name()));
        }
        return members;
    }

    /**
     * The folder a new target of this name gets in the default layout, when it does not exist yet: a fixed
     * folder ({@code neo4j/cypher}) for that store's target name, else a folder of the folder-per-target store.
     * Empty when weave.yaml lists the targets (a new one is added there), the name is taken, or it cannot be a
     * folder name. {@code weave db create} creates it so that a new database starts without a manual mkdir.
     */
    public java.util.Optional<NewTargetFolder> newTargetFolder(String name) {
        if (!config.targets().isEmpty() || !FOLDER_NAME.matcher(name).matches()) {
            return java.util.Optional.empty();
        }
        Path root = config.location();
        Set<String> claimed = new HashSet<>();
        for (StoreAdapter adapter : adapters.all()) {
            if (adapter.layout() instanceof Layout.FixedFolder fixed) {
                claimed.add(Path.of(fixed.relativePath()).getName(0).toString());
                if (fixed.targetName().equals(name)) {
                    Path folder = root.resolve(fixed.relativePath());
                    return Files.isDirectory(folder) ? java.util.Optional.empty()
                            : java.util.Optional.of(new NewTargetFolder(folder, adapter.storeType()));
                }
            }
        }
        Path folder = root.resolve(name);
        if (claimed.contains(name) || Files.isDirectory(folder)) {
            return java.util.Optional.empty();
        }
        return adapters.all().stream().filter(a -> a.layout() instanceof Layout.FolderPerTarget).findFirst()
                .map(a -> new NewTargetFolder(folder, a.storeType()));
    }

    /** A folder name that is also a plain target name: no dot (it separates fan-out members), no path. */
    private static final java.util.regex.Pattern FOLDER_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    /** Where a new target's files go, and the store it belongs to. */
    public record NewTargetFolder(Path folder, String storeType) {
    }

    /** The target with this name, or a message listing the ones that exist. */
    public ResolvedTarget resolve(String name) {
        List<ResolvedTarget> all = resolveAll();
        List<String> members = all.stream().filter(t -> name.equals(t.group())).map(ResolvedTarget::name).toList();
        if (!members.isEmpty()) {
            throw new ConfigurationException("'" + name + "' is a fan-out of " + members.size() + " targets ("
                    + String.join(", ", members) + "); name one of them, or run weave db migrate-all --only " + name);
        }
        ResolvedTarget found = all.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new ConfigurationException("unknown target '" + name + "': "
                        + (all.isEmpty() ? "no targets found under " + config.location()
                        : "known targets are " + String.join(", ", all.stream().map(ResolvedTarget::name).toList()))
                        + "; targets are named in weave.yaml or are the folders under " + config.location()));
        return found;
    }

    /**
     * For a caller whose overrides are all meant for one target (a single-target command): an override the
     * target's store does not read is a mistake, not something to route elsewhere as in a multi-target run.
     */
    public void requireOverridesReadBy(String name) {
        if (config.overrides().isEmpty()) {
            return;
        }
        List<ResolvedTarget> all;
        try {
            all = resolveAll();
        } catch (ConfigurationException e) {
            return; // no layout yet (create makes it), or another mistake: the command itself reports it
        }
        // a name that is no target (yet: create makes its folder) is left to the command to report
        all.stream().filter(t -> t.name().equals(name)).findFirst().ifPresent(target ->
                new SettingsCheck(adapters).requireKnown(target.adapter(), config.overrides(), "target " + name
                        + " (--set or a flag)"));
    }

    private ResolvedTarget resolved(String name, StoreAdapter adapter, Path folder, Map<String, String> own,
                                    boolean cleanDisabled) {
        SettingsCheck check = new SettingsCheck(adapters);
        check.requireKnown(adapter, own, "target '" + name + "' (weave.yaml targets." + name + ".settings)");
        check.requireKnown(adapter, config.targetSettings(name), "target '" + name + "' (its settings)");
        Map<String, String> settings = new LinkedHashMap<>(adapter.folderSettings(folder));
        settings.putAll(adapter.environmentSettings(config.environment(),
                Math.max(1, storeTargets.getOrDefault(adapter.storeType(), 1))));
        settings.putAll(config.storeSettings(adapter.storeType()));
        settings.putAll(own);
        settings.putAll(config.targetSettings(name));
        settings.putAll(check.overridesFor(adapter, config.overrides()));
        String disabled = settings.remove("cleanDisabled");
        boolean noClean = cleanDisabled || "true".equalsIgnoreCase(disabled);
        TargetSettings targetSettings = new TargetSettings(name, adapter.storeType(), settings, config.connectWait(),
                null, providedClient(name, adapter));
        return new ResolvedTarget(name, adapter, folder, targetSettings, noClean);
    }

    private Object providedClient(String name, StoreAdapter adapter) {
        Object client = config.client(name);
        if (client == null) {
            return null;
        }
        for (Class<?> type = client.getClass(); type != null; type = type.getSuperclass()) {
            if (isClientType(type, adapter)) {
                return client;
            }
        }
        throw new ConfigurationException("target '" + name + "': a " + client.getClass().getName() + " was handed over"
                + " as its client, but the " + adapter.storeType() + " store runs through "
                + (adapter.clientTypes().isEmpty() ? "its own connections only" : "a " + String.join(" or a ", adapter.clientTypes())));
    }

    private static boolean isClientType(Class<?> type, StoreAdapter adapter) {
        if (adapter.clientTypes().contains(type.getName())) {
            return true;
        }
        for (Class<?> face : type.getInterfaces()) {
            if (isClientType(face, adapter)) {
                return true;
            }
        }
        return false;
    }

    private static List<Path> subFolders(Path root) {
        try (Stream<Path> list = Files.list(root)) {
            return list.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
