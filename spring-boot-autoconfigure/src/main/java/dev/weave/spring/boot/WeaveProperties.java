package dev.weave.spring.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code weave.*}: what the application runs at start-up. The same things weave.yaml and the command line say;
 * a weave.yaml named by {@link #getConfigFile()} is read first and these properties win over it.
 */
@ConfigurationProperties(prefix = "weave")
public class WeaveProperties {

    /** Whether Weave runs at start-up at all. */
    private boolean enabled = true;

    /**
     * Migrations root of the default layout ({@code <target>/V1__x.sql}, {@code neo4j/cypher}, …): a class path
     * location ({@code classpath:db/weave}, copied out of a jar when packaged) or a folder
     * ({@code file:migrations} or a plain path). Default: weave.yaml's location when a config file is given, else
     * {@code classpath:db/weave}.
     */
    private String location;

    /** A weave.yaml to read (targets, stores, settings); none by default. */
    private String configFile;

    /** What start-up does: {@code migrate} (the default) or {@code validate} (refuse to start on a difference). */
    private Mode mode = Mode.MIGRATE;

    /** Only these targets (default: every target of the location or weave.yaml). */
    private List<String> targets = new ArrayList<>();

    /** Store types left out, as {@code --no-include-<store>} does (e.g. {@code elasticsearch}). */
    private List<String> excludeStores = new ArrayList<>();

    /** Before migrating, check every target's ledger against its files and refuse to start on a mismatch. */
    private boolean validateOnMigrate = true;

    /** In validate mode, also refuse to start when migrations are pending. */
    private boolean failOnPending = true;

    /**
     * Settings per target, as {@code --set key=value} or weave.yaml's {@code targets.<name>.settings}
     * ({@code weave.settings.billing.database=billing}). Checked against what each store declares.
     */
    private Map<String, Map<String, String>> settings = new LinkedHashMap<>();

    /**
     * The application's client bean to run a target through, by bean name ({@code weave.clients.app=dataSource}).
     * Without one, a target uses the only bean of its store's client type (a {@code DataSource}, a Neo4j
     * {@code Driver}, an Elasticsearch {@code RestClient}) when it is the only target of its store; otherwise
     * Weave's own connections from the settings.
     */
    private Map<String, String> clients = new LinkedHashMap<>();

    /** {@code ${name}} placeholders of migration files. */
    private Map<String, String> placeholders = new LinkedHashMap<>();

    /** How long to wait for another runner's lock (e.g. another instance starting at the same time). */
    private Duration lockTimeout;

    /** How long to wait for a store that is still starting. */
    private Duration connectWait;

    /** Who the ledger says installed each migration (default: the store's user). */
    private String installedBy;

    /** How many targets migrate at the same time. */
    private int parallel = 4;

    public enum Mode {
        MIGRATE, VALIDATE
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getLocation() {
        return location;
    }

    public void setLocation(String location) {
        this.location = location;
    }

    public String getConfigFile() {
        return configFile;
    }

    public void setConfigFile(String configFile) {
        this.configFile = configFile;
    }

    public Mode getMode() {
        return mode;
    }

    public void setMode(Mode mode) {
        this.mode = mode;
    }

    public List<String> getTargets() {
        return targets;
    }

    public void setTargets(List<String> targets) {
        this.targets = targets;
    }

    public List<String> getExcludeStores() {
        return excludeStores;
    }

    public void setExcludeStores(List<String> excludeStores) {
        this.excludeStores = excludeStores;
    }

    public boolean isValidateOnMigrate() {
        return validateOnMigrate;
    }

    public void setValidateOnMigrate(boolean validateOnMigrate) {
        this.validateOnMigrate = validateOnMigrate;
    }

    public boolean isFailOnPending() {
        return failOnPending;
    }

    public void setFailOnPending(boolean failOnPending) {
        this.failOnPending = failOnPending;
    }

    public Map<String, Map<String, String>> getSettings() {
        return settings;
    }

    public void setSettings(Map<String, Map<String, String>> settings) {
        this.settings = settings;
    }

    public Map<String, String> getClients() {
        return clients;
    }

    public void setClients(Map<String, String> clients) {
        this.clients = clients;
    }

    public Map<String, String> getPlaceholders() {
        return placeholders;
    }

    public void setPlaceholders(Map<String, String> placeholders) {
        this.placeholders = placeholders;
    }

    public Duration getLockTimeout() {
        return lockTimeout;
    }

    public void setLockTimeout(Duration lockTimeout) {
        this.lockTimeout = lockTimeout;
    }

    public Duration getConnectWait() {
        return connectWait;
    }

    public void setConnectWait(Duration connectWait) {
        this.connectWait = connectWait;
    }

    public String getInstalledBy() {
        return installedBy;
    }

    public void setInstalledBy(String installedBy) {
        this.installedBy = installedBy;
    }

    public int getParallel() {
        return parallel;
    }

    public void setParallel(int parallel) {
        this.parallel = parallel;
    }
}
