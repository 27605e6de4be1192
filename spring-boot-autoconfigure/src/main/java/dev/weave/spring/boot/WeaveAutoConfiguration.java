package dev.weave.spring.boot;

import dev.weave.api.ProgressListener;
import dev.weave.core.Weave;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;

/**
 * Weave at start-up: after the application's connections exist (so it can run through them), before JPA and
 * Spring Data (so they find the migrated schema). {@code weave.enabled=false} turns it off.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
        "org.springframework.boot.autoconfigure.neo4j.Neo4jAutoConfiguration",
        "org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration"},
        beforeName = {
        "org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration",
        "org.springframework.boot.autoconfigure.data.neo4j.Neo4jDataAutoConfiguration",
        "org.springframework.boot.autoconfigure.data.elasticsearch.ElasticsearchDataAutoConfiguration"})
@ConditionalOnClass(Weave.class)
@ConditionalOnProperty(prefix = "weave", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(WeaveProperties.class)
public class WeaveAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public Weave weave(WeaveProperties properties, ResourceLoader resourceLoader, ListableBeanFactory beans,
                       ObjectProvider<ProgressListener> listeners) {
        return Weave.create(new WeaveConfigFactory(properties, resourceLoader, beans).build())
                .withListener(new LoggingListener(listeners.orderedStream().toList()));
    }

    @Bean
    @ConditionalOnMissingBean
    public WeaveMigrationStrategy weaveMigrationStrategy(WeaveProperties properties) {
        return new DefaultMigrationStrategy(properties);
    }

    @Bean(name = MigrationsFirst.INITIALIZER)
    @ConditionalOnMissingBean
    public WeaveMigrationInitializer weaveMigrationInitializer(Weave weave, WeaveMigrationStrategy strategy) {
        return new WeaveMigrationInitializer(weave, strategy);
    }

    @Bean
    public static BeanFactoryPostProcessor weaveMigrationsFirst() {
        return new MigrationsFirst();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class Metrics {

        @Bean
        ProgressListener weaveMigrationMetrics(ObjectProvider<MeterRegistry> registries) {
            return new MigrationMetrics(registries);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
    static class Actuator {

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnAvailableEndpoint(endpoint = WeaveEndpoint.class)
        WeaveEndpoint weaveEndpoint(Weave weave) {
            return new WeaveEndpoint(weave);
        }

        @Bean
        @ConditionalOnEnabledHealthIndicator("weave")
        WeaveHealthIndicator weaveHealthIndicator(Weave weave, WeaveProperties properties) {
            return new WeaveHealthIndicator(weave, properties);
        }
    }
}
