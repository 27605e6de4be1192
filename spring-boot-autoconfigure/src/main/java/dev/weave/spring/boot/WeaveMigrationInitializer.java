package dev.weave.spring.boot;

import dev.weave.core.Weave;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.Ordered;

/**
 * Runs the {@link WeaveMigrationStrategy} when the context creates this bean, which is before anything that
 * reads the stores ({@link MigrationsFirst}): an exception here stops start-up.
 */
public final class WeaveMigrationInitializer implements InitializingBean, Ordered {

    private final Weave weave;
    private final WeaveMigrationStrategy strategy;

    WeaveMigrationInitializer(Weave weave, WeaveMigrationStrategy strategy) {
        this.weave = weave;
        this.strategy = strategy;
    }

    @Override
    public void afterPropertiesSet() {
        strategy.migrate(weave);
    }

    @Override
    public int getOrder() {
        return 0;
    }
}
