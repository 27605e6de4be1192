package dev.weave.spi;

import java.time.Duration;

/**
 * Told about each failed attempt while an adapter waits for a server that is down or still starting
 * ({@code --wait}), so that a user sees "waiting for postgres at localhost:5432 (attempt 3, 12 s of 60 s)"
 * instead of a silent minute.
 */
@FunctionalInterface
public interface ConnectWaitListener {

    ConnectWaitListener NONE = (address, attempt, waited, limit, problem) -> { };

    /**
     * @param address the server as the adapter names it in messages (no secrets)
     * @param attempt how many attempts have failed so far, from 1
     * @param waited  time since the first attempt
     * @param limit   the whole wait ({@link TargetSettings#connectWait()})
     * @param problem why the last attempt failed, e.g. "Connection refused"
     */
    void stillWaiting(String address, int attempt, Duration waited, Duration limit, String problem);
}
