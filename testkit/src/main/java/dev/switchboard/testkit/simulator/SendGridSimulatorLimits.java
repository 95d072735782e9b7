package dev.switchboard.testkit.simulator;

import java.time.Duration;
import java.util.Set;

/**
 * The limits {@link SendGridSimulator} holds a Mail Send request to, as SendGrid documents them.
 * The testkit cannot depend on the SendGrid adapter, so these are the simulator's own copy of the
 * adapter's {@code SendGridLimits}; a test in the adapter's module checks that both agree.
 *
 * <pre>{@code
 * SendGridSimulatorLimits.MAX_CATEGORIES;   // 10
 * }</pre>
 */
public final class SendGridSimulatorLimits {
  /** The request body must stay below this many bytes. */
  public static final long MAX_REQUEST_BYTES = 30_000_000L;

  /** The most recipients, to, cc and bcc together, across all personalizations. */
  public static final int MAX_RECIPIENTS = 1000;

  /** The most categories per request. */
  public static final int MAX_CATEGORIES = 10;

  /** The longest category, in characters. */
  public static final int MAX_CATEGORY_LENGTH = 255;

  /** The most bytes of {@code custom_args} as a JSON object. */
  public static final int MAX_CUSTOM_ARGS_BYTES = 10_000;

  /** How far ahead {@code send_at} may lie. */
  public static final Duration MAX_SCHEDULE_AHEAD = Duration.ofHours(72);

  /** Header names a request may not set, lower case. */
  public static final Set<String> RESERVED_HEADERS =
      Set.of(
          "x-sg-id",
          "x-sg-eid",
          "received",
          "dkim-signature",
          "content-type",
          "content-transfer-encoding",
          "to",
          "from",
          "subject",
          "reply-to",
          "cc",
          "bcc");

  private SendGridSimulatorLimits() {}
}
