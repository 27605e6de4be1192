package dev.weave.spring.boot;

import dev.weave.error.WeaveException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Boot's "APPLICATION FAILED TO START" report with Weave's own message instead of a bean-creation stack. */
public final class WeaveFailureAnalyzer extends AbstractFailureAnalyzer<WeaveException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, WeaveException cause) {
        return new FailureAnalysis(cause.getMessage() + " (weave exit code " + cause.exitCode() + ")",
                "Fix what the message names, or run `weave db info <target>` / `weave db validate-all` against the same"
                        + " stores to see each ledger; weave.enabled=false starts the application without Weave.", cause);
    }
}
