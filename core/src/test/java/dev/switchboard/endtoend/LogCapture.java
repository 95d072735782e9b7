package dev.switchboard.endtoend;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Everything logged through SLF4J, at every level and from every thread, while it is open. Core's
 * tests log through {@link CapturingLogProvider}, which stays silent (as with no binding at all)
 * unless a capture is open, so the rest of the suite behaves exactly as before.
 *
 * <pre>{@code
 * try (LogCapture capture = LogCapture.start()) {
 *   payments.charge(request);
 *   assertThat(capture.text()).doesNotContain(apiKey);
 * }
 * }</pre>
 *
 * <p>One capture at a time: the log is process-wide.
 */
final class LogCapture implements AutoCloseable {
  private static final AtomicReference<LogCapture> OPEN = new AtomicReference<>();

  private final StringBuffer text = new StringBuffer();

  private LogCapture() {}

  /**
   * Opens a capture.
   *
   * @throws IllegalStateException if another one is open
   */
  static LogCapture start() {
    LogCapture capture = new LogCapture();
    if (!OPEN.compareAndSet(null, capture)) {
      throw new IllegalStateException("a log capture is already open");
    }
    return capture;
  }

  /** Whether a capture is open, so that loggers report every level enabled. */
  static boolean capturing() {
    return OPEN.get() != null;
  }

  static void record(String line) {
    LogCapture capture = OPEN.get();
    if (capture != null) {
      capture.text.append(line);
    }
  }

  /** Every line logged since the capture opened, stack traces included. */
  String text() {
    return text.toString();
  }

  @Override
  public void close() {
    OPEN.compareAndSet(this, null);
  }
}
