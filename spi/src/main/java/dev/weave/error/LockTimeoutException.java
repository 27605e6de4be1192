package dev.weave.error;

/** Another runner held the target's lock for longer than the lock timeout. Exit 5. */
public class LockTimeoutException extends WeaveException {

    public LockTimeoutException(String message) {
        super(message);
    }

    @Override
    public ExitCode kind() {
        return ExitCode.LOCK_NOT_ACQUIRED;
    }
}
