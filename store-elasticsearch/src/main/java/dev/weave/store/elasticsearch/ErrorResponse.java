package dev.weave.store.elasticsearch;

/**
 * A request of Weave's bookkeeping that Elasticsearch answered with an error status: carries the answer, so
 * {@link ClientErrors} reads its status and error type and messages name Elasticsearch's reason.
 */
final class ErrorResponse extends RuntimeException {

    private final transient RawResponse response;

    ErrorResponse(RawResponse response) {
        super(describe(response));
        this.response = response;
    }

    RawResponse response() {
        return response;
    }

    /** "HTTP 409 version_conflict_engine_exception: [lock]: version conflict, …"; "HTTP 404" for an empty body. */
    private static String describe(RawResponse response) {
        String reason = ErrorReason.of(response.body());
        return "HTTP " + response.status() + (reason.isEmpty() ? "" : " " + reason);
    }
}
