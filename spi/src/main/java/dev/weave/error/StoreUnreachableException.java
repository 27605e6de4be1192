package dev.weave.error;

/** The store could not be reached or refused the connection (down, wrong host, wrong credentials). Exit 4. */
public class StoreUnreachableException extends WeaveException {

    public StoreUnreachableException(String message) {
        super(message);
    }

    @Override
    public ExitCode kind() {
        return ExitCode.STORE_UNREACHABLE;
    }
}
