package dev.weave.store.elasticsearch;

/**
 * Status and error type of a failed bookkeeping request: an {@link ErrorResponse} (Elasticsearch answered
 * with an error status) anywhere in the cause chain, or else an I/O problem (no answer at all).
 */
final class ClientErrors {

    private ClientErrors() {
    }

    /** The HTTP status of the failed call, or -1 when it never got an answer. */
    static int status(Throwable e) {
        ErrorResponse error = errorResponse(e);
        return error == null ? -1 : error.response().status();
    }

    /** Elasticsearch's error type, e.g. {@code version_conflict_engine_exception}; empty when unknown. */
    static String type(Throwable e) {
        ErrorResponse error = errorResponse(e);
        return error == null ? "" : error.response().errorType();
    }

    /** "HTTP 409 version_conflict_engine_exception: …" or the I/O problem. */
    static String describe(Throwable e) {
        ErrorResponse error = errorResponse(e);
        if (error != null) {
            return error.getMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static ErrorResponse errorResponse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ErrorResponse error) {
                return error;
            }
        }
        return null;
    }
}
