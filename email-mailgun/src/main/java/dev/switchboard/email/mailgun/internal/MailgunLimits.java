package dev.switchboard.email.mailgun.internal;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.email.Attachment;
import dev.switchboard.email.EmailMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The limits Mailgun documents for one message, checked before anything is sent so that a message
 * Mailgun would refuse fails at once with the field named.
 */
public final class MailgunLimits {
  /** The most recipients, to, cc and bcc together, of one message. */
  public static final int MAX_RECIPIENTS = 1000;

  /** The most tags ({@code o:tag}) on one message. */
  public static final int MAX_TAGS = 3;

  /** The longest tag, in characters; tags are ASCII. */
  public static final int MAX_TAG_LENGTH = 128;

  /** The most bytes of sending options ({@code o:}, {@code h:} and {@code v:}) together: 16 kB. */
  public static final long MAX_OPTION_BYTES = 16 * 1024;

  /** The largest message Mailgun takes: 25 MB, measured here on the request body sent. */
  public static final long MAX_MESSAGE_BYTES = 25L * 1024 * 1024;

  /** How far ahead {@code o:deliverytime} may be by default: 3 days (7 on plans that allow it). */
  public static final Duration DEFAULT_MAX_SCHEDULE_AHEAD = Duration.ofDays(3);

  private MailgunLimits() {}

  /**
   * Checks what can be checked before the form is built.
   *
   * @throws InvalidRequestException naming the field over a limit
   */
  static void check(EmailMessage message, Instant now, Duration maxScheduleAhead) {
    if (message.to().isEmpty()) {
      throw InvalidRequestException.invalidField(
          "to", "Mailgun needs at least one to recipient; cc and bcc alone are refused");
    }
    int recipients = message.recipients().size();
    if (recipients > MAX_RECIPIENTS) {
      throw InvalidRequestException.invalidField(
          "recipients",
          recipients + " recipients; Mailgun takes at most " + MAX_RECIPIENTS + " per message");
    }
    if (message.tags().size() > MAX_TAGS) {
      throw InvalidRequestException.invalidField(
          "tags",
          message.tags().size() + " tags; Mailgun takes at most " + MAX_TAGS + " per message");
    }
    for (int i = 0; i < message.tags().size(); i++) {
      String tag = message.tags().get(i);
      if (tag.length() > MAX_TAG_LENGTH) {
        throw InvalidRequestException.invalidField(
            "tags[" + i + "]",
            "tag has " + tag.length() + " characters; Mailgun takes at most " + MAX_TAG_LENGTH);
      }
      if (!tag.chars().allMatch(c -> c < 0x80)) {
        throw InvalidRequestException.invalidField(
            "tags[" + i + "]", "Mailgun tags are ASCII only: '" + tag + "'");
      }
    }
    if (message.sendAt().isPresent()) {
      Instant latest = now.plus(maxScheduleAhead);
      if (message.sendAt().get().isAfter(latest)) {
        throw InvalidRequestException.invalidField(
            "sendAt",
            "Mailgun schedules at most "
                + maxScheduleAhead
                + " ahead (until "
                + latest
                + "), not "
                + message.sendAt().get());
      }
    }
    long options = MailgunMapper.optionBytes(message);
    if (options > MAX_OPTION_BYTES) {
      throw InvalidRequestException.invalidField(
          message.metadata().isEmpty() ? "headers" : "metadata",
          "custom headers, reply-to, tags, send time and metadata (Mailgun's h:, o: and v:"
              + " options) take "
              + options
              + " bytes; Mailgun takes at most "
              + MAX_OPTION_BYTES);
    }
    for (int i = 0; i < message.attachments().size(); i++) {
      checkUnchanged(i, message.attachments().get(i));
    }
  }

  /** The whole request body, once built. */
  static void checkSize(long bodyBytes) {
    if (bodyBytes > MAX_MESSAGE_BYTES) {
      throw InvalidRequestException.invalidField(
          "attachments",
          "the message would be "
              + bodyBytes
              + " bytes on the wire; Mailgun takes at most "
              + MAX_MESSAGE_BYTES);
    }
  }

  /** A file-backed attachment must still be there, unchanged in size, as its length is declared. */
  private static void checkUnchanged(int index, Attachment attachment) {
    if (attachment.path().isEmpty()) {
      return;
    }
    Path path = attachment.path().get();
    String field = "attachments[" + index + "].path";
    long size;
    try {
      size = Files.isReadable(path) ? Files.size(path) : -1;
    } catch (java.io.IOException e) {
      size = -1;
    }
    if (size < 0) {
      throw InvalidRequestException.invalidField(
          field, "attachment file can no longer be read: " + path);
    }
    if (size != attachment.size()) {
      throw InvalidRequestException.invalidField(
          field,
          "attachment file changed since the attachment was built: "
              + size
              + " bytes instead of "
              + attachment.size());
    }
  }
}
