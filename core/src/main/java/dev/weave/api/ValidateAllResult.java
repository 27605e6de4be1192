package dev.weave.api;

import java.util.List;

/** {@code validate-all}: every target's verdict, or why it could not be checked. */
public record ValidateAllResult(List<TargetValidation> targets, boolean offline) {

    /**
     * @param result   null when the target could not be checked (see error)
     * @param exitCode 0 valid, 3 problems, or the code of the error (4 unreachable, ...)
     */
    public record TargetValidation(String target, String storeType, ValidationResult result, String error, int exitCode) {
    }

    public boolean isValid() {
        return targets.stream().allMatch(t -> t.exitCode() == 0);
    }

    /** The worst exit code: 0 when every target is valid. */
    public int exitCode() {
        return targets.stream().mapToInt(TargetValidation::exitCode).max().orElse(0);
    }
}
