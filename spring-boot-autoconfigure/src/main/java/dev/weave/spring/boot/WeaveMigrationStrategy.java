package dev.weave.spring.boot;

import dev.weave.core.Weave;

/**
 * What Weave does at start-up. The default ({@link WeaveProperties#getMode()}) migrates or validates every target;
 * a bean of this type replaces it, e.g. {@code weave -> weave.validate("app", false)} or a strategy that migrates
 * only in one profile. Throwing stops start-up, with the exception's message in Boot's failure report.
 */
@FunctionalInterface
public interface WeaveMigrationStrategy {

    void migrate(Weave weave);
}
