package dev.switchboard.email.sendgrid.internal;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.email.AsciiAddresses;
import dev.switchboard.email.Attachment;
import dev.switchboard.email.EmailAddress;
import dev.switchboard.email.EmailMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * SendGrid's Mail Send limits, checked before anything is sent so that a message SendGrid would
 * refuse fails at once with an {@link InvalidRequestException} naming the message's field. The
 * {@link EmailMessage} model already enforces the limits every vendor shares (1000 recipients, no
 * duplicates, 255-character tags, reserved MIME headers); these are the ones SendGrid adds.
 *
 * <p>Values from SendGrid's v3 Mail Send reference and its "Limitations" page. Addresses: SendGrid
 * does not document SMTPUTF8 support, so a non-ASCII local part is refused and an internationalised
 * domain is sent in its ASCII (IDNA) form, both by core's {@link AsciiAddresses}.
 */
public final class SendGridLimits {
  /** Recipients (to, cc and bcc) in one request, across all personalizations. */
  public static final int MAX_RECIPIENTS = 1000;

  /** Addresses in {@code reply_to_list}. */
  public static final int MAX_REPLY_TO = 1000;

  /** Categories (the message's tags) per message. */
  public static final int MAX_CATEGORIES = 10;

  /** Characters per category. */
  public static final int MAX_CATEGORY_LENGTH = 255;

  /** Bytes of {@code custom_args} (the message's metadata) as a JSON object, in UTF-8. */
  public static final int MAX_CUSTOM_ARGS_BYTES = 10_000;

  /** How far ahead {@code send_at} may lie. */
  public static final Duration MAX_SCHEDULE_AHEAD = Duration.ofHours(72);

  /**
   * The request body must stay below this many bytes ("the total size of your email, including
   * attachments, must be less than 30MB"); attachments count base64-encoded, as they are sent.
   */
  public static final long MAX_REQUEST_BYTES = 30_000_000L;

  /** Header names SendGrid does not let a message set, lower case. */
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

  private SendGridLimits() {}

  /**
   * Checks everything SendGrid refuses that the model allows.
   *
   * @throws InvalidRequestException naming the first field found wrong
   */
  static void check(EmailMessage message, Clock clock, String provider) {
    AsciiAddresses.check(message, provider)
        .ifPresent(
            refusal -> {
              throw refusal;
            });
    if (message.recipientCount() > MAX_RECIPIENTS) {
      throw InvalidRequestException.invalidField(
          "recipients",
          "SendGrid takes at most " + MAX_RECIPIENTS + " recipients in to, cc and bcc together");
    }
    if (message.replyTo().size() > MAX_REPLY_TO) {
      throw InvalidRequestException.invalidField(
          "replyTo", "SendGrid takes at most " + MAX_REPLY_TO + " reply-to addresses");
    }
    checkNames("to", message.to());
    checkNames("cc", message.cc());
    checkNames("bcc", message.bcc());
    checkAttachments(message.attachments());
    checkHeaders(message.headers());
    checkCategories(message.tags());
    checkCustomArgs(message.metadata());
    message.sendAt().ifPresent(at -> checkSendAt(at, clock));
  }

  /**
   * Checks the size of the request about to be sent.
   *
   * @throws InvalidRequestException (field {@code message}) at {@link #MAX_REQUEST_BYTES} or above
   */
  static void checkSize(long requestBytes) {
    if (requestBytes >= MAX_REQUEST_BYTES) {
      throw InvalidRequestException.invalidField(
          "message",
          "the SendGrid request would have "
              + requestBytes
              + " bytes (attachments base64-encoded); it must stay below "
              + MAX_REQUEST_BYTES);
    }
  }

  private static void checkNames(String list, List<EmailAddress> addresses) {
    for (int i = 0; i < addresses.size(); i++) {
      String name = addresses.get(i).displayName().orElse(null);
      if (name != null && (name.indexOf(',') >= 0 || name.indexOf(';') >= 0)) {
        throw InvalidRequestException.invalidField(
            list + "[" + i + "].name",
            "SendGrid refuses ',' and ';' in recipient names: '" + name + "'");
      }
    }
  }

  private static void checkAttachments(List<Attachment> attachments) {
    for (int i = 0; i < attachments.size(); i++) {
      if (attachments.get(i).size() == 0) {
        throw InvalidRequestException.invalidField(
            "attachments[" + i + "].content",
            "SendGrid refuses an empty attachment: " + attachments.get(i).filename());
      }
    }
  }

  private static void checkHeaders(Map<String, String> headers) {
    for (String name : headers.keySet()) {
      if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        throw InvalidRequestException.invalidField(
            "headers[\"" + name + "\"]", "SendGrid does not let a message set " + name);
      }
    }
  }

  private static void checkCategories(List<String> tags) {
    if (tags.size() > MAX_CATEGORIES) {
      throw InvalidRequestException.invalidField(
          "tags", tags.size() + " tags; SendGrid takes at most " + MAX_CATEGORIES + " categories");
    }
    for (int i = 0; i < tags.size(); i++) {
      String tag = tags.get(i);
      if (tag.length() > MAX_CATEGORY_LENGTH) {
        throw InvalidRequestException.invalidField(
            "tags[" + i + "]",
            "a SendGrid category has at most " + MAX_CATEGORY_LENGTH + " characters");
      }
      if (!isAscii(tag)) {
        throw InvalidRequestException.invalidField(
            "tags[" + i + "]", "SendGrid categories must be US-ASCII: '" + tag + "'");
      }
    }
  }

  private static void checkCustomArgs(Map<String, String> metadata) {
    if (metadata.isEmpty()) {
      return;
    }
    long bytes = 2; // {}
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      // "key":"value", with quotes and separators; escapes would only add to it.
      bytes += utf8(e.getKey()) + utf8(e.getValue()) + 6;
    }
    bytes -= 1; // no comma after the last entry
    if (bytes > MAX_CUSTOM_ARGS_BYTES) {
      throw InvalidRequestException.invalidField(
          "metadata",
          "metadata takes "
              + bytes
              + " bytes as SendGrid custom_args; at most "
              + MAX_CUSTOM_ARGS_BYTES
              + " allowed");
    }
  }

  private static void checkSendAt(Instant at, Clock clock) {
    Instant latest = clock.instant().plus(MAX_SCHEDULE_AHEAD);
    if (at.isAfter(latest)) {
      throw InvalidRequestException.invalidField(
          "sendAt",
          "SendGrid schedules at most "
              + MAX_SCHEDULE_AHEAD.toHours()
              + " hours ahead; "
              + at
              + " is after "
              + latest);
    }
  }

  private static long utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static boolean isAscii(String s) {
    return s.chars().allMatch(c -> c < 0x80);
  }
}
