package dev.switchboard.testkit.simulator;

import java.time.Duration;

/**
 * The limits {@link MailgunSimulator} holds a message to, as Mailgun documents them. The testkit
 * cannot depend on the Mailgun adapter, so these are the simulator's own copy of the adapter's
 * {@code MailgunLimits}; a test in the adapter's module checks that both agree.
 *
 * <pre>{@code
 * MailgunSimulatorLimits.MAX_TAGS;   // 3
 * }</pre>
 */
public final class MailgunSimulatorLimits {
  /** The most recipients, to, cc and bcc together. */
  public static final int MAX_RECIPIENTS = 1000;

  /** The most {@code o:tag} values. */
  public static final int MAX_TAGS = 3;

  /** The most bytes of {@code o:}, {@code h:} and {@code v:} names and values together. */
  public static final int MAX_OPTION_BYTES = 16 * 1024;

  /** The largest request body accepted, in bytes (25 MB). */
  public static final long MAX_MESSAGE_BYTES = 25L * 1024 * 1024;

  /**
   * How far ahead {@code o:deliverytime} may be until {@link MailgunSimulator#maxScheduleAhead}.
   */
  public static final Duration DEFAULT_MAX_SCHEDULE_AHEAD = Duration.ofDays(3);

  private MailgunSimulatorLimits() {}
}
