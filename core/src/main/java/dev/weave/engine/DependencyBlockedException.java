package dev.weave.engine;

import dev.weave.api.RunStoppedException;

/** A migration's cross-store dependency can no longer be met, so its target stops there. */
class DependencyBlockedException extends RunStoppedException {

    DependencyBlockedException(String message) {
        super(message);
    }
}
