package dev.weave.spring.boot;

import dev.weave.api.WeaveConfig;
import dev.weave.core.Weave;
import dev.weave.core.WorkingDirectory;
import dev.weave.error.ConfigurationException;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link WeaveConfig} of an application: the environment, then weave.yaml when one is named, then the
 * {@code weave.*} properties, then the application's own client beans for the targets that can use them.
 */
final class WeaveConfigFactory {

    private final WeaveProperties properties;
    private final ResourceLoader resources;
    private final ListableBeanFactory beans;

    WeaveConfigFactory(WeaveProperties properties, ResourceLoader resources, ListableBeanFactory beans) {
        this.properties = properties;
        this.resources = resources;
        this.beans = beans;
    }

    WeaveConfig build() {
        Map<String, String> environment = System.getenv();
        WeaveConfig.Builder builder = WeaveConfig.builder().environment(environment);
        if (properties.getConfigFile() != null) {
            Path yaml = MigrationsLocation.resolve(properties.getConfigFile(), resources);
            if (!Files.isRegularFile(yaml)) {
                throw new ConfigurationException("weave.config-file " + properties.getConfigFile() + ": no such file");
            }
            WorkingDirectory.readConfigFile(yaml, builder, environment);
        }
        if (properties.getLocation() != null || properties.getConfigFile() == null) {
            String location = properties.getLocation() == null ? MigrationsLocation.DEFAULT : properties.getLocation();
            builder.location(MigrationsLocation.resolve(location, resources));
        }
        properties.getSettings().forEach((target, settings) ->
                settings.forEach((key, value) -> builder.targetSetting(target, key, value)));
        properties.getPlaceholders().forEach(builder::placeholder);
        if (properties.getLockTimeout() != null) {
            builder.lockTimeout(properties.getLockTimeout());
        }
        if (properties.getConnectWait() != null) {
            builder.connectWait(properties.getConnectWait());
        }
        if (properties.getInstalledBy() != null) {
            builder.installedBy(properties.getInstalledBy());
        }
        handOverClients(builder);
        return builder.build();
    }

    /**
     * A target named in {@code weave.clients} gets that bean; any other target gets the only bean of its store's
     * client type when it is the only target of its store (one DataSource cannot serve two databases), else none.
     */
    private void handOverClients(WeaveConfig.Builder builder) {
        Weave probe = Weave.create(builder.build());
        List<String> targets = probe.targets();
        Map<String, Integer> perStore = new HashMap<>();
        targets.forEach(t -> perStore.merge(probe.storeType(t), 1, Integer::sum));
        for (String target : targets) {
            String beanName = properties.getClients().get(target);
            if (beanName != null) {
                builder.client(target, namedBean(target, beanName));
            } else if (perStore.get(probe.storeType(target)) == 1) {
                Object only = onlyBeanOf(probe.clientTypes(target));
                if (only != null) {
                    builder.client(target, only);
                }
            }
        }
        properties.getClients().forEach((target, beanName) -> {
            if (!targets.contains(target)) {
                throw new ConfigurationException("weave.clients." + target + ": there is no target " + target
                        + "; the targets are " + String.join(", ", targets));
            }
        });
    }

    private Object namedBean(String target, String beanName) {
        try {
            return beans.getBean(beanName);
        } catch (NoSuchBeanDefinitionException e) {
            throw new ConfigurationException("weave.clients." + target + "=" + beanName + ": the application has no bean"
                    + " named " + beanName);
        }
    }

    private Object onlyBeanOf(List<String> typeNames) {
        ClassLoader loader = getClass().getClassLoader();
        for (String name : typeNames) {
            if (ClassUtils.isPresent(name, loader)) {
                Object unique = beans.getBeanProvider(ClassUtils.resolveClassName(name, loader)).getIfUnique();
                if (unique != null) {
                    return unique;
                }
            }
        }
        return null;
    }
}
