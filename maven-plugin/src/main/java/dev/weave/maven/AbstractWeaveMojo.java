package dev.weave.maven;

import dev.weave.api.WeaveConfig;
import dev.weave.api.SecretMask;
import dev.weave.core.Weave;
import dev.weave.core.WorkingDirectory;
import dev.weave.error.ConfigurationException;
import dev.weave.error.ExitCode;
import dev.weave.error.WeaveException;
import dev.weave.spi.Durations;
import dev.weave.spi.StoreAdapter;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.AbstractMojoExecutionException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every Weave goal shares: the configuration, built as the {@code weave} command builds it (defaults, then
 * weave.yaml, then the plugin's parameters, which play the flags' part), the project's folder as the working
 * directory, and the one way a Weave failure ends the build.
 */
abstract class AbstractWeaveMojo extends AbstractMojo {

    /** The project's folder: relative paths start here, as they start in the working directory for the CLI. */
    @Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
    File basedir;

    /** The weave.yaml to read (default: weave.yaml in the project's folder, if present). */
    @Parameter(property = "weave.config")
    File configFile;

    /** The migrations root of the default layout (default: .weave/migrations, or weave.yaml's location). */
    @Parameter(property = "weave.location")
    File location;

    /** The folder of declared schemas (default: schema beside the migrations root, or weave.yaml's schemaLocation). */
    @Parameter(property = "weave.schemaLocation")
    File schemaLocation;

    /** Store settings, as {@code --set key=value} (and {@code --host}, {@code --password}, …) of the CLI. */
    @Parameter
    Map<String, String> settings = new LinkedHashMap<>();

    /**
     * Store settings from the command line: comma-separated {@code key=value}, e.g.
     * {@code -Dweave.set=host=db,port=5433}; applied after {@code <settings>}.
     */
    @Parameter(property = "weave.set")
    List<String> set = new ArrayList<>();

    /** Values of {@code ${name}} in scripts, as {@code --placeholder name=value}. */
    @Parameter
    Map<String, String> placeholders = new LinkedHashMap<>();

    /** Placeholders from the command line: comma-separated {@code name=value}; applied after {@code <placeholders>}. */
    @Parameter(property = "weave.placeholder")
    List<String> placeholder = new ArrayList<>();

    /** How long to wait when another runner holds a target's lock, e.g. 2m (default: 2m, or weave.yaml's). */
    @Parameter(property = "weave.lockTimeout")
    String lockTimeout;

    /** How long to wait for a store that is still starting, e.g. 60s (default: 0, one attempt). */
    @Parameter(property = "weave.connectWait")
    String connectWait;

    /** The name recorded in the ledger (default: the store user). */
    @Parameter(property = "weave.installedBy")
    String installedBy;

    /** Skip Weave altogether. */
    @Parameter(property = "weave.skip", defaultValue = "false")
    boolean skip;

    /** The masks of the values known so far: flags' secrets first, then everything the configuration holds. */
    private SecretMask givenSecrets = SecretMask.NONE;
    private SecretMask configSecrets = SecretMask.NONE;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("weave: skipped (weave.skip)");
            return;
        }
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        // the adapters, their drivers and Jackson live in this plugin's realm: ServiceLoader and JDBC look there
        thread.setContextClassLoader(getClass().getClassLoader());
        AbstractMojoExecutionException failure;
        try {
            Weave weave = weave().withListener(new MavenProgress(this::info, this::warn));
            Outcome outcome = run(weave);
            failure = outcome.exitCode() == 0 ? null : Failures.of(outcome.exitCode(), mask(outcome.message()));
        } catch (WeaveException e) {
            failure = Failures.of(e.exitCode(), mask(e.getMessage()));
        } catch (UncheckedIOException e) {
            failure = Failures.of(ExitCode.USAGE_OR_CONFIGURATION.code(), mask(e.getMessage()));
        } catch (RuntimeException e) {
            // a bug of Weave's, not a user's mistake: this one keeps its stack trace
            failure = new MojoExecutionException("weave: internal error: " + mask(String.valueOf(e)), e);
        } finally {
            thread.setContextClassLoader(before);
        }
        if (failure instanceof MojoFailureException f) {
            throw f;
        }
        if (failure instanceof MojoExecutionException x) {
            throw x;
        }
    }

    /**
     * Runs the goal; the lines it logs go through {@link #info}, {@link #warn} and {@link #error}, which mask
     * secrets. A {@link WeaveException} it throws ends the build with that exception's exit code and message.
     *
     * @return {@link Outcome#OK}, or the exit code of what the result found (validation problems, a target that
     *         failed) with the words for the build's failure
     */
    abstract Outcome run(Weave weave);

    /** How a goal ended: Weave's exit code and, when it is not 0, why. */
    record Outcome(int exitCode, String message) {
        static final Outcome OK = new Outcome(0, null);
    }

    /** The configuration as {@code TargetOptions.weave} builds it in the CLI: defaults, weave.yaml, then these parameters. */
    Weave weave() {
        Map<String, String> overrides = new LinkedHashMap<>();
        if (settings != null) {
            settings.forEach((k, v) -> overrides.put(k, v == null ? "" : v));
        }
        pairs(set, "weave.set").forEach(overrides::put);
        Map<String, String> placeholderValues = new LinkedHashMap<>();
        if (placeholders != null) {
            placeholders.forEach((k, v) -> placeholderValues.put(k, v == null ? "" : v));
        }
        pairs(placeholder, "weave.placeholder").forEach(placeholderValues::put);
        givenSecrets = secretsAmong(overrides);

        Path workingDirectory = basedir.toPath().toAbsolutePath();
        Map<String, String> env = System.getenv();
        WeaveConfig.Builder builder = WorkingDirectory.configuration(workingDirectory,
                configFile == null ? null : configFile.toPath(), "configFile", env);
        if (location != null) {
            builder.location(workingDirectory.resolve(location.toPath()));
        }
        if (schemaLocation != null) {
            builder.schemaLocation(workingDirectory.resolve(schemaLocation.toPath()));
        }
        overrides.forEach(builder::override);
        placeholderValues.forEach(builder::placeholder);
        if (connectWait != null && !connectWait.isBlank()) {
            builder.connectWait(Durations.parse(connectWait, "connectWait"));
        }
        if (lockTimeout != null && !lockTimeout.isBlank()) {
            builder.lockTimeout(Durations.parse(lockTimeout, "lockTimeout"));
        }
        if (installedBy != null && !installedBy.isBlank()) {
            builder.installedBy(installedBy);
        }
        configure(builder);
        Weave weave = Weave.create(builder.build());
        configSecrets = weave.secretMask();
        return weave;
    }

    /** A goal's own part of the configuration, after the shared parameters. */
    void configure(WeaveConfig.Builder builder) {
    }

    /** The project's folder, where weave.sum and other relative paths are found. */
    Path workingDirectory() {
        return basedir.toPath().toAbsolutePath();
    }

    /** A path as the log shows it: relative to the project's folder when inside it. */
    String relative(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        return abs.startsWith(workingDirectory()) ? workingDirectory().relativize(abs).toString() : abs.toString();
    }

    /** {@code key=value} items of a command-line list parameter. */
    private static Map<String, String> pairs(List<String> items, String parameter) {
        Map<String, String> out = new LinkedHashMap<>();
        if (items == null) {
            return out;
        }
        for (String item : items) {
            if (item == null || item.isBlank()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq <= 0) {
                // the value is not repeated: it may be a password given the wrong way
                throw new ConfigurationException(parameter + ": expected key=value items separated by commas, got an item without '='"
                        + (eq == 0 ? " before its value" : ""));
            }
            out.put(item.substring(0, eq).trim(), item.substring(eq + 1));
        }
        return out;
    }

    /** The values given for settings some store declares secret, masked even before the configuration is built. */
    private static SecretMask secretsAmong(Map<String, String> overrides) {
        List<String> secrets = new ArrayList<>();
        if (!overrides.isEmpty()) {
            for (StoreAdapter adapter : Weave.installedStores(AbstractWeaveMojo.class.getClassLoader())) {
                for (String key : adapter.secretSettings()) {
                    if (overrides.containsKey(key)) {
                        secrets.add(overrides.get(key));
                    }
                }
                for (Map.Entry<String, String> e : overrides.entrySet()) {
                    if (adapter.settings().stream().anyMatch(s -> s.name().equals(e.getKey())
                            && s.kind() == dev.weave.spi.SettingSpec.Kind.URL)) {
                        secrets.addAll(SecretMask.passwordsInUrl(e.getValue()));
                    }
                }
            }
        }
        return new SecretMask(secrets);
    }

    /** A text about to be shown, with every known secret masked. */
    String mask(String text) {
        return configSecrets.mask(givenSecrets.mask(text));
    }

    void info(String line) {
        for (String l : mask(line).split("\n", -1)) {
            getLog().info(l);
        }
    }

    void warn(String line) {
        for (String l : mask(line).split("\n", -1)) {
            getLog().warn(l);
        }
    }

    void error(String line) {
        for (String l : mask(line).split("\n", -1)) {
            getLog().error(l);
        }
    }
}
