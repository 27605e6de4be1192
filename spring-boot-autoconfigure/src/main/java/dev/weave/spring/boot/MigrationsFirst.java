package dev.weave.spring.boot;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes whatever reads or writes the stores depend on the {@link WeaveMigrationInitializer}, as Boot does for
 * Flyway: JPA's entity manager factory, JDBC templates and Spring Data's repositories and templates wait until
 * the migrations have run. The connections themselves (DataSource, Driver, client) do not: Weave runs through them.
 */
final class MigrationsFirst implements BeanFactoryPostProcessor {

    static final String INITIALIZER = "weaveMigrationInitializer";

    private static final List<String> USERS_OF_THE_STORES = List.of(
            "jakarta.persistence.EntityManagerFactory",
            "org.springframework.jdbc.core.JdbcOperations",
            "org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations",
            "org.springframework.jdbc.core.simple.JdbcClient",
            "org.springframework.data.repository.core.support.RepositoryFactoryBeanSupport",
            "org.springframework.data.neo4j.core.Neo4jClient",
            "org.springframework.data.neo4j.core.Neo4jOperations",
            "org.springframework.data.elasticsearch.core.ElasticsearchOperations",
            "co.elastic.clients.elasticsearch.ElasticsearchClient");

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory factory) throws BeansException {
        if (!factory.containsBeanDefinition(INITIALIZER)) {
            return;
        }
        ClassLoader loader = factory.getBeanClassLoader();
        for (String typeName : USERS_OF_THE_STORES) {
            if (!ClassUtils.isPresent(typeName, loader)) {
                continue;
            }
            Class<?> type = ClassUtils.resolveClassName(typeName, loader);
            for (String name : factory.getBeanNamesForType(type, true, false)) {
                String beanName = name.startsWith("&") ? name.substring(1) : name;
                if (factory.containsBeanDefinition(beanName)) {
                    dependOnInitializer(factory.getBeanDefinition(beanName));
                }
            }
        }
    }

    private static void dependOnInitializer(BeanDefinition definition) {
        Set<String> dependsOn = new LinkedHashSet<>();
        if (definition.getDependsOn() != null) {
            dependsOn.addAll(Arrays.asList(definition.getDependsOn()));
        }
        dependsOn.add(INITIALIZER);
        definition.setDependsOn(dependsOn.toArray(String[]::new));
    }
}
