package dev.weave.core;

import dev.weave.api.WeaveConfig;
import dev.weave.config.WeaveYaml;
import dev.weave.error.ConfigurationException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the {@code weave} command and the Maven goals start their configuration: the environment, the default
 * migrations root {@code .weave/migrations} of a folder, then that folder's {@code weave.yaml} (or the file named
 * instead). Flags and parameters go on top.
 */
public final class WorkingDirectory {

    private WorkingDirectory() {
    }

    /**
     * @param configFile the weave.yaml named by the user (relative to {@code folder}), or null for
     *                   {@code folder/weave.yaml} when there is one
     * @param option     how the user named it, for the error when it is not there (e.g. {@code --config})
     */
    public static WeaveConfig.Builder configuration(Path folder, Path configFile, String option,
                                                    Map<String, String> environment) {
        WeaveConfig.Builder builder = WeaveConfig.builder().environment(environment)
                .location(folder.resolve(".weave/migrations"));
        Path yaml = folder.resolve(configFile != null ? configFile : Path.of("weave.yaml"));
        if (configFile != null && !Files.isRegularFile(yaml)) {
            throw new ConfigurationException(option + " " + configFile + ": no such file");
        }
        if (Files.isRegularFile(yaml)) {
            readConfigFile(yaml, builder, environment);
        }
        return builder;
    }

    /**
     * Applies a weave.yaml to {@code builder}: its stores, targets, groups and settings, with {@code ${env:NAME}}
     * taken from {@code environment}. The one reader of the file for every skin (the Spring Boot starter's
     * {@code weave.config-file}, the JUnit kit's {@code @WeaveTest(config)}), so each reads it the same way.
     *
     * @throws ConfigurationException naming the file (and line) when it is not a valid weave.yaml
     */
    public static WeaveConfig.Builder readConfigFile(Path yaml, WeaveConfig.Builder builder,
                                                     Map<String, String> environment) {
        WeaveYaml.apply(yaml, builder, environment);
        return builder;
    }
}
