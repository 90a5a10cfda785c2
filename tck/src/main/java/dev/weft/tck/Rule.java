package dev.weft.tck;

import dev.weft.spi.Capability;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.AssertionFailedError;

/**
 * Builds the named test of one rule. The display name always starts with the rule ID and its
 * level, e.g. {@code "WAIT-3 [required] a zero timeout polls"}, so a report or a self-test can tell
 * which rule a backend broke.
 */
public final class Rule {
    private Rule() {
    }

    /** A rule every backend must pass, run with the ordinary per-rule time limit. */
    public static DynamicTest required(TckTarget target, String id, String title, Executable body) {
        return DynamicTest.dynamicTest(id + " [required] " + title, () -> runLimited(id, target.timeouts().rule(), body));
    }

    /** A required stress rule, with the longer stress time limit. */
    public static DynamicTest stress(TckTarget target, String id, String title, Executable body) {
        return DynamicTest.dynamicTest(id + " [required] " + title, () -> runLimited(id, target.timeouts().stress(), body));
    }

    /**
     * A rule tied to a capability: skipped, with the reason, unless the backend declares it; binding
     * once declared.
     */
    public static DynamicTest optional(TckTarget target, String id, Capability capability, String title, Executable body) {
        return DynamicTest.dynamicTest(id + " [" + capability + "] " + title, () -> {
            Set<Capability> declared = target.backend().capabilities();
            Assumptions.assumeTrue(declared.contains(capability),
                    () -> "backend '" + target.backend().name() + "' does not declare capability " + capability);
            runLimited(id, target.timeouts().rule(), body);
        });
    }

    /**
     * Runs {@code body} on its own thread and fails, with a thread dump on stderr, if it runs past
     * {@code limit}: a hung backend must fail its rule, not hang the build.
     */
    public static void runLimited(String id, Duration limit, Executable body) throws Throwable {
        FutureTask<Void> task = new FutureTask<>(() -> {
            try {
                body.execute();
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new ExecutionException(t);
            }
            return null;
        });
        Thread runner = Thread.ofPlatform().name("tck-rule-" + id).daemon(true).start(task);
        try {
            task.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            String dump = ThreadDump.all();
            System.err.println("[weft-tck] rule " + id + " still running after " + limit + "; thread dump:\n" + dump);
            runner.interrupt();
            throw new AssertionFailedError(id + ": did not finish within " + limit + " (thread dump on stderr)");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ExecutionException inner && inner.getCause() != null) {
                cause = inner.getCause();
            }
            throw cause;
        }
    }
}
