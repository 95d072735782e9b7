package dev.switchboard.email.mailgun;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.email.AsciiAddresses;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.mailgun.internal.MailgunMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The limits Mailgun documents for one message sent through {@code POST /v3/{domain}/messages},
 * declared once: {@link MailgunEmailSender} checks a message against them before sending it ({@link
 * MailgunEmailSender#check}), and a failover composite leaves Mailgun out of a message that breaks
 * them.
 *
 * <table>
 *   <caption>Mailgun's limits</caption>
 *   <tr><th>field</th><th>sent as</th><th>limit</th></tr>
 *   <tr><td>{@code to}</td><td>{@code to}</td><td>at least one</td></tr>
 *   <tr><td>{@code recipients}</td><td>{@code to}, {@code cc}, {@code bcc}</td>
 *       <td>{@value #MAX_RECIPIENTS}</td></tr>
 *   <tr><td>{@code tags}</td><td>{@code o:tag}</td><td>{@value #MAX_TAGS}, each at most
 *       {@value #MAX_TAG_LENGTH} ASCII characters</td></tr>
 *   <tr><td>{@code sendAt}</td><td>{@code o:deliverytime}</td><td>{@link
 *       #DEFAULT_MAX_SCHEDULE_AHEAD 3 days} ahead (7 on plans that keep messages 7 days)</td></tr>
 *   <tr><td>{@code metadata}, {@code headers}, {@code replyTo}, {@code tags}, {@code
 *       sendAt}</td><td>{@code v:}, {@code h:}, {@code o:}</td><td>{@value #MAX_OPTION_BYTES}
 *       bytes of names and values together</td></tr>
 *   <tr><td>{@code attachments}</td><td>the whole request body</td>
 *       <td>{@value #MAX_MESSAGE_BYTES} bytes</td></tr>
 *   <tr><td>addresses</td><td>{@code from}, {@code to}, {@code cc}, {@code bcc}, {@code
 *       h:Reply-To}</td><td>ASCII local parts; domains in their ASCII (IDNA) form</td></tr>
 * </table>
 *
 * <p>Sources: Mailgun's API reference and user manual ("Sending messages": 25 MB at most;
 * "Tagging": 3 tags, ASCII, 128 characters; "Scheduling delivery": 3 days, 7 on some plans; "Batch
 * sending": 1,000 recipients); the 16 KB of options is the limit this project's vendor notes
 * record. Mailgun does not document SMTPUTF8, so addresses follow core's {@link AsciiAddresses}.
 *
 * <pre>{@code
 * MailgunLimits.check(message, clock.instant(), MailgunLimits.DEFAULT_MAX_SCHEDULE_AHEAD, "mailgun")
 *     .ifPresent(e -> log.info("{}", e.getMessage()));
 * }</pre>
 *
 * <p>The testkit's {@code MailgunSimulator} keeps its own copy of these numbers (the testkit cannot
 * depend on an adapter); a test in this module checks that the two agree.
 */
public final class MailgunLimits {
  /** The most recipients, to, cc and bcc together, of one message. */
  public static final int MAX_RECIPIENTS = 1000;

  /** The most tags ({@code o:tag}) on one message. */
  public static final int MAX_TAGS = 3;

  /** The longest tag, in characters; tags are ASCII. */
  public static final int MAX_TAG_LENGTH = 128;

  /** The most bytes of sending options ({@code o:}, {@code h:} and {@code v:}) together: 16 kB. */
  public static final int MAX_OPTION_BYTES = 16 * 1024;

  /** The largest message Mailgun takes: 25 MB, measured here on the request body sent. */
  public static final long MAX_MESSAGE_BYTES = 25L * 1024 * 1024;

  /** How far ahead {@code o:deliverytime} may be by default: 3 days (7 on plans that allow it). */
  public static final Duration DEFAULT_MAX_SCHEDULE_AHEAD = Duration.ofDays(3);

  private MailgunLimits() {}

  /**
   * What Mailgun would refuse in the message, found without asking Mailgun and without building the
   * request: everything but the request's size ({@link #checkSize}).
   *
   * @param now the time {@code sendAt} is measured from
   * @param maxScheduleAhead how far ahead {@code sendAt} may be for this account
   * @param provider the provider's name, which the refusal names
   * @return empty when the message keeps to every limit, else the refusal for the first field that
   *     does not, naming the field, the limit and the provider
   */
  public static Optional<InvalidRequestException> check(
      EmailMessage message, Instant now, Duration maxScheduleAhead, String provider) {
    if (message.to().isEmpty()) {
      return refusal(
          "to",
          provider + " needs at least one to recipient; cc and bcc alone are refused by Mailgun");
    }
    int recipients = message.recipientCount();
    if (recipients > MAX_RECIPIENTS) {
      return refusal(
          "recipients",
          recipients + " recipients; " + provider + " takes at most " + MAX_RECIPIENTS);
    }
    Optional<InvalidRequestException> address = AsciiAddresses.check(message, provider);
    if (address.isPresent()) {
      return address;
    }
    if (message.tags().size() > MAX_TAGS) {
      return refusal(
          "tags", message.tags().size() + " tags; " + provider + " takes at most " + MAX_TAGS);
    }
    for (int i = 0; i < message.tags().size(); i++) {
      String tag = message.tags().get(i);
      if (tag.length() > MAX_TAG_LENGTH) {
        return refusal(
            "tags[" + i + "]",
            "tag has "
                + tag.length()
                + " characters; "
                + provider
                + " takes at most "
                + MAX_TAG_LENGTH);
      }
      if (!tag.chars().allMatch(c -> c < 0x80)) {
        return refusal("tags[" + i + "]", provider + " takes ASCII tags only: '" + tag + "'");
      }
    }
    if (message.sendAt().isPresent()) {
      Instant latest = now.plus(maxScheduleAhead);
      if (message.sendAt().get().isAfter(latest)) {
        return refusal(
            "sendAt",
            provider
                + " schedules at most "
                + maxScheduleAhead
                + " ahead (until "
                + latest
                + "), not "
                + message.sendAt().get());
      }
    }
    long options = MailgunMapper.optionBytes(message);
    if (options > MAX_OPTION_BYTES) {
      return refusal(
          message.metadata().isEmpty() ? "headers" : "metadata",
          "custom headers, reply-to, tags, send time and metadata (h:, o: and v: options) take "
              + options
              + " bytes; "
              + provider
              + " takes at most "
              + MAX_OPTION_BYTES);
    }
    return Optional.empty();
  }

  /**
   * Whether a request body of {@code bodyBytes} is within {@link #MAX_MESSAGE_BYTES}.
   *
   * @param provider the provider's name, which the refusal names
   * @return empty when it is, else the refusal naming {@code attachments}
   */
  public static Optional<InvalidRequestException> checkSize(long bodyBytes, String provider) {
    if (bodyBytes <= MAX_MESSAGE_BYTES) {
      return Optional.empty();
    }
    return refusal(
        "attachments",
        "the message would be "
            + bodyBytes
            + " bytes on the wire; "
            + provider
            + " takes at most "
            + MAX_MESSAGE_BYTES);
  }

  private static Optional<InvalidRequestException> refusal(String field, String reason) {
    return Optional.of(InvalidRequestException.invalidField(field, reason));
  }
}
