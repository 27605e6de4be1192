package dev.weave.spring.boot;

import dev.weave.api.ValidateAllResult;
import dev.weave.core.Weave;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Health {@code weave}: DOWN when a ledger and its files disagree or a store cannot be read (each target's verdict
 * in the details); pending migrations leave it UP, with the target marked PENDING.
 */
final class WeaveHealthIndicator extends AbstractHealthIndicator {

    private final Weave weave;
    private final WeaveProperties properties;

    WeaveHealthIndicator(Weave weave, WeaveProperties properties) {
        super("Weave validation failed");
        this.weave = weave;
        this.properties = properties;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        ValidateAllResult result = weave.validateAll(new LinkedHashSet<>(properties.getExcludeStores()),
                Set.copyOf(properties.getTargets()), false, false, null);
        boolean down = false;
        for (ValidateAllResult.TargetValidation target : result.targets()) {
            String verdict;
            if (target.result() == null) {
                verdict = "ERROR: " + weave.secretMask().mask(String.valueOf(target.error()));
                down = true;
            } else {
                verdict = target.result().outcome().name();
                down |= target.result().outcome() == dev.weave.api.ValidationResult.Outcome.INVALID;
            }
            builder.withDetail(target.target(), verdict);
        }
        if (down) {
            builder.down();
        } else {
            builder.up();
        }
    }
}
