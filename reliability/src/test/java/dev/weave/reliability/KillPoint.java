package dev.weave.reliability;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Where a runner is killed: once {@code reached} holds (polled every 20 ms while the runner lives), wait
 * {@code delay}, then SIGKILL. A kill point whose condition never holds before the runner ends by itself
 * counts as missed.
 */
record KillPoint(String name, BooleanSupplier reached, Duration delay) {

    static KillPoint after(String name, long millisFromStart) {
        return new KillPoint(name, () -> true, Duration.ofMillis(millisFromStart));
    }

    static KillPoint when(String name, BooleanSupplier reached, long delayMillis) {
        return new KillPoint(name, reached, Duration.ofMillis(delayMillis));
    }

    /** Waits for the point, then kills; true when the runner was still alive to be killed. */
    boolean killAt(WeaveProcess runner, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (runner.isAlive() && !safely(reached)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("kill point '" + name + "' not reached within " + limit + "\n" + runner.out() + runner.err());
            }
            Thread.sleep(20);
        }
        if (!delay.isZero()) {
            Thread.sleep(delay.toMillis());
        }
        runner.kill();
        return runner.killedAt() != null;
    }

    /** A probe that fails (e.g. a table not there yet) means "not yet". */
    private static boolean safely(BooleanSupplier condition) {
        try {
            return condition.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
