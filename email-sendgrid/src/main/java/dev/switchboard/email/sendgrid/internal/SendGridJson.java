package dev.switchboard.email.sendgrid.internal;

import dev.switchboard.email.Attachment;
import java.util.List;
import java.util.Map;

/**
 * The JSON of SendGrid's v3 Mail Send, as records. {@link Mail} is written by {@link MailBody}
 * field by field (attachment content streams from the {@link Attachment}); {@link ErrorEnvelope} is
 * read with Moshi.
 *
 * <pre>{@code
 * POST /v3/mail/send
 * {"personalizations":[{"to":[{"email":"ann@example.com","name":"Ann"}],"cc":[...],"bcc":[...]}],
 *  "from":{"email":"shop@example.com"},"reply_to":{"email":"help@example.com"},
 *  "subject":"Receipt","content":[{"type":"text/plain","value":"..."},{"type":"text/html","value":"..."}],
 *  "attachments":[{"content":"<base64>","type":"image/png","filename":"logo.png",
 *                  "disposition":"inline","content_id":"logo"}],
 *  "headers":{"X-Order":"42"},"categories":["receipt"],"custom_args":{"orderId":"42"},
 *  "send_at":1714568400,"mail_settings":{"sandbox_mode":{"enable":true}}}
 * 202  X-Message-Id: LRzXl_NHStOGhQ4kofSm_A          (200, empty, in sandbox mode)
 * 400  {"errors":[{"message":"...","field":"personalizations.0.to","help":"http://..."}]}
 * }</pre>
 */
public final class SendGridJson {
  private SendGridJson() {}

  /** A mailbox; {@code name} is null when there is none. */
  public record Address(String email, String name) {}

  /** One envelope: who receives one copy of the message. */
  public record Personalization(List<Address> to, List<Address> cc, List<Address> bcc) {}

  /** One body part; {@code text/plain} always comes before {@code text/html}. */
  public record Content(String type, String value) {}

  /** One attachment; its content is read from {@code source} while the body is written. */
  public record AttachmentPart(
      Attachment source, String type, String filename, String disposition, String contentId) {}

  /**
   * The whole request. Empty lists and maps are left out of the JSON; {@code replyTo} is used for
   * one reply-to address and {@code replyToList} for several (SendGrid refuses both at once).
   */
  public record Mail(
      List<Personalization> personalizations,
      Address from,
      Address replyTo,
      List<Address> replyToList,
      String subject,
      List<Content> content,
      List<AttachmentPart> attachments,
      Map<String, String> headers,
      List<String> categories,
      Map<String, String> customArgs,
      Long sendAt,
      boolean sandbox) {}

  /** Every error body SendGrid sends. */
  public record ErrorEnvelope(List<ErrorBody> errors) {}

  /**
   * One error; {@code field} is null (or the string {@code "null"}) when the error concerns no
   * field, {@code help} a link or an object.
   */
  public record ErrorBody(String message, String field, Object help) {}
}
