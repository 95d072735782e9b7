package dev.switchboard.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the HTTP layer writes its one line per call. The default writes to SLF4J at DEBUG under the
 * logger {@code dev.switchboard.http}; tests hand in a list's {@code add} to read every line.
 *
 * <p>A line holds only stable, non-secret fields, for example:
 *
 * <pre>{@code
 * provider=acme-pay method=POST host=api.acme.test path=/v1/charges?expand= status=200
 *     durationMs=41 requestId=6f1c... vendorRequestId=req_9 idempotencyKey=order-42
 * }</pre>
 *
 * <p>No header value other than those ids, no query value and no body is ever passed to a sink.
 *
 * <pre>{@code
 * List<String> lines = new CopyOnWriteArrayList<>();
 * VendorHttpConfig.builder()...logSink(lines::add)
 * }</pre>
 */
@FunctionalInterface
public interface HttpLogSink {
  /** Writes one line. Must be thread-safe and must not throw. */
  void log(String line);

  /** Whether {@link #log} would write anything; lets the layer skip building the line. */
  default boolean isEnabled() {
    return true;
  }

  /** The default sink: SLF4J, DEBUG level, logger {@code dev.switchboard.http}. */
  static HttpLogSink slf4j() {
    Logger logger = LoggerFactory.getLogger("dev.switchboard.http");
    return new HttpLogSink() {
      @Override
      public void log(String line) {
        logger.debug(line);
      }

      @Override
      public boolean isEnabled() {
        return logger.isDebugEnabled();
      }
    };
  }
}
