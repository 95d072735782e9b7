package dev.switchboard.testkit.simulator;

import dev.switchboard.email.Attachment.Disposition;
import dev.switchboard.email.EmailAddress;
import dev.switchboard.testkit.ReceivedEmail;
import dev.switchboard.testkit.ReceivedEmail.ReceivedAttachment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading a v3 Mail Send body: its loosely typed JSON values, and a personalization as an email.
 */
final class SendGridMail {
  private SendGridMail() {}

  /** Personalization {@code p} of {@code mail} as the email its recipients get. */
  static ReceivedEmail toReceived(Map<String, Object> mail, Map<String, Object> p) {
    Map<String, String> headers = new LinkedHashMap<>(strings(mail.get("headers")));
    headers.putAll(strings(p.get("headers")));
    Map<String, String> metadata = new LinkedHashMap<>(strings(mail.get("custom_args")));
    metadata.putAll(strings(p.get("custom_args")));
    Object sendAt = p.containsKey("send_at") ? p.get("send_at") : mail.get("send_at");
    List<EmailAddress> replyTo = new ArrayList<>();
    if (mail.get("reply_to") != null) {
      replyTo.add(address(mail.get("reply_to")));
    }
    list(mail.get("reply_to_list")).forEach(a -> replyTo.add(address(a)));
    ReceivedEmail.Builder email =
        ReceivedEmail.builder()
            .from(address(p.containsKey("from") ? p.get("from") : mail.get("from")))
            .to(addresses(p.get("to")))
            .cc(addresses(p.get("cc")))
            .bcc(addresses(p.get("bcc")))
            .replyTo(replyTo)
            .subject((String) (p.containsKey("subject") ? p.get("subject") : mail.get("subject")))
            .text(content(mail, "text/plain"))
            .html(content(mail, "text/html"))
            .headers(headers)
            .tags(list(mail.get("categories")).stream().map(String::valueOf).toList())
            .metadata(metadata)
            .sendAt(sendAt instanceof Number n ? Instant.ofEpochSecond(n.longValue()) : null);
    for (Object item : list(mail.get("attachments"))) {
      Map<String, Object> a = map(item);
      boolean inline = "inline".equals(a.get("disposition"));
      email.addAttachment(
          ReceivedAttachment.of(
              String.valueOf(a.get("filename")),
              a.get("type") == null ? "application/octet-stream" : String.valueOf(a.get("type")),
              decode(a.get("content")),
              inline ? Disposition.INLINE : Disposition.ATTACHMENT,
              (String) a.get("content_id")));
    }
    return email.build();
  }

  static String content(Map<String, Object> mail, String type) {
    for (Object part : list(mail.get("content"))) {
      if (type.equals(map(part).get("type"))) {
        return (String) map(part).get("value");
      }
    }
    return null;
  }

  static List<EmailAddress> addresses(Object value) {
    return list(value).stream().map(SendGridMail::address).toList();
  }

  static EmailAddress address(Object value) {
    Map<String, Object> a = map(value);
    return EmailAddress.of((String) a.get("email"), (String) a.get("name"));
  }

  static Map<String, String> strings(Object value) {
    Map<String, String> out = new LinkedHashMap<>();
    map(value).forEach((k, v) -> out.put(k, String.valueOf(v)));
    return out;
  }

  static byte[] decode(Object content) {
    if (!(content instanceof String s) || s.isEmpty()) {
      return null;
    }
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static boolean validEmail(Object email) {
    return email instanceof String s && s.indexOf('@') > 0 && s.indexOf('@') < s.length() - 1;
  }

  static boolean nonEmpty(Object value) {
    return value instanceof String s && !s.isEmpty();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value) {
    return value instanceof List<?> l ? (List<Object>) l : List.of();
  }

  static Map<String, Object> error(String message, String field) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", message);
    error.put("field", field);
    error.put("help", null);
    return error;
  }
}
