package dev.weave.api;

import dev.weave.error.ExitCode;
import dev.weave.error.WeaveException;

/** The ledger and the files disagree (drift, missing, failed, out of order): a run was refused. Exit 3. */
public class ValidationFailedException extends WeaveException {

    private final transient ValidationResult result;

    public ValidationFailedException(String message, ValidationResult result) {
        super(message);
        this.result = result;
    }

    public ValidationResult result() {
        return result;
    }

    @Override
    public ExitCode kind() {
        return ExitCode.VALIDATION_PROBLEMS;
    }
}
