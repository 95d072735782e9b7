package dev.switchboard.email;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One email to send through an {@link EmailSender}: sender, recipients, subject, a text and/or HTML
 * body, attachments, and the extras vendors understand (custom headers, tags, metadata, a scheduled
 * send time).
 *
 * <pre>{@code
 * EmailMessage message = EmailMessage.builder()
 *     .from("Shop <shop@example.com>")
 *     .to("ann@example.com")
 *     .subject("Your receipt")
 *     .text("Thanks for your order.")
 *     .html("<p>Thanks for your order.</p>")
 *     .addAttachment("receipt.pdf", "application/pdf", pdfBytes)
 *     .tags(List.of("receipt"))
 *     .metadata("orderId", "42")
 *     .build();
 * }</pre>
 *
 * <p>{@link Builder#build()} checks everything a vendor would reject, and names the offending field
 * in the {@link InvalidRequestException}: {@code to[2]}, {@code subject}, {@code headers["X-Foo"]},
 * {@code attachments[0].filename}. Among the rules: a sender, a subject, at least one recipient and
 * at least one of text and HTML are required; no address appears twice across to, cc and bcc
 * (compared without regard to case, as vendors do); at most {@value #MAX_RECIPIENTS} recipients and
 * {@value #MAX_TOTAL_ATTACHMENT_BYTES} bytes of attachments; custom headers may not replace the
 * ones the SDK sets itself (see {@link #RESERVED_HEADERS}).
 *
 * <p>Every message carries an {@link IdempotencyKey}: a random one unless the builder is given one.
 * Sending the same message again, as a retry does, reuses it, so the provider delivers once.
 *
 * <p>{@link #toString()} shows the sender, the recipient count, the subject and sizes; never the
 * bodies or the attachments' content.
 */
public final class EmailMessage {
  /** The most recipients (to, cc and bcc together) one message may have. */
  public static final int MAX_RECIPIENTS = 1000;

  /** The most bytes of attachments one message may carry, 25 MiB, before any encoding. */
  public static final long MAX_TOTAL_ATTACHMENT_BYTES = 25L * 1024 * 1024;

  /** The largest single attachment, in bytes; the same as the total limit. */
  public static final long MAX_ATTACHMENT_BYTES = MAX_TOTAL_ATTACHMENT_BYTES;

  /** The longest subject, in characters (RFC 5322's line limit). */
  public static final int MAX_SUBJECT_LENGTH = 998;

  /** The longest tag, in characters. */
  public static final int MAX_TAG_LENGTH = 255;

  /** The longest metadata key, in characters. */
  public static final int MAX_METADATA_KEY_LENGTH = 128;

  /**
   * Header names that the SDK or the vendor sets from the message's own fields, so a custom header
   * may not carry them (compared without regard to case).
   */
  public static final Set<String> RESERVED_HEADERS =
      Set.of(
          "from",
          "sender",
          "to",
          "cc",
          "bcc",
          "reply-to",
          "subject",
          "date",
          "message-id",
          "mime-version",
          "content-type",
          "content-transfer-encoding",
          "content-disposition",
          "content-id",
          "return-path",
          "received",
          "dkim-signature");

  private final EmailAddress from;
  private final List<EmailAddress> to;
  private final List<EmailAddress> cc;
  private final List<EmailAddress> bcc;
  private final List<EmailAddress> replyTo;
  private final String subject;
  private final String text;
  private final String html;
  private final List<Attachment> attachments;
  private final Map<String, String> headers;
  private final List<String> tags;
  private final Map<String, String> metadata;
  private final Instant sendAt;
  private final IdempotencyKey idempotencyKey;
  private final boolean resendAfterUnknownOutcome;

  private EmailMessage(Builder b) {
    this.from = b.from;
    this.to = List.copyOf(b.to);
    this.cc = List.copyOf(b.cc);
    this.bcc = List.copyOf(b.bcc);
    this.replyTo = List.copyOf(b.replyTo);
    this.subject = b.subject;
    this.text = b.text;
    this.html = b.html;
    this.attachments = List.copyOf(b.attachments);
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
    this.tags = List.copyOf(b.tags);
    this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(b.metadata));
    this.sendAt = b.sendAt;
    this.idempotencyKey = b.idempotencyKey != null ? b.idempotencyKey : IdempotencyKey.random();
    this.resendAfterUnknownOutcome = b.resendAfterUnknownOutcome;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this message's values, to derive another message. The derived message is a
   * new message, so it gets a new idempotency key unless the builder is given one.
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  public EmailAddress from() {
    return from;
  }

  public List<EmailAddress> to() {
    return to;
  }

  public List<EmailAddress> cc() {
    return cc;
  }

  public List<EmailAddress> bcc() {
    return bcc;
  }

  public List<EmailAddress> replyTo() {
    return replyTo;
  }

  /** Every recipient: to, then cc, then bcc. */
  public List<EmailAddress> recipients() {
    List<EmailAddress> all = new ArrayList<>(to.size() + cc.size() + bcc.size());
    all.addAll(to);
    all.addAll(cc);
    all.addAll(bcc);
    return Collections.unmodifiableList(all);
  }

  /** How many recipients the message has in to, cc and bcc together, without building the list. */
  public int recipientCount() {
    return to.size() + cc.size() + bcc.size();
  }

  public String subject() {
    return subject;
  }

  /** The plain-text body, when there is one. */
  public Optional<String> text() {
    return Optional.ofNullable(text);
  }

  /** The HTML body, when there is one. */
  public Optional<String> html() {
    return Optional.ofNullable(html);
  }

  public List<Attachment> attachments() {
    return attachments;
  }

  /** The sum of the attachments' sizes, in bytes. */
  public long totalAttachmentBytes() {
    return attachments.stream().mapToLong(Attachment::size).sum();
  }

  /** Custom headers in the order they were given. */
  public Map<String, String> headers() {
    return headers;
  }

  /** Labels for the vendor's statistics, such as {@code receipt}. */
  public List<String> tags() {
    return tags;
  }

  /** Key-value pairs the vendor attaches to the message and returns in its events, in order. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** When the vendor should deliver the message, if not at once. */
  public Optional<Instant> sendAt() {
    return Optional.ofNullable(sendAt);
  }

  public IdempotencyKey idempotencyKey() {
    return idempotencyKey;
  }

  /**
   * Whether a repeat of this message's key may be sent again after an earlier attempt whose outcome
   * is unknown; see {@link Builder#resendAfterUnknownOutcome}.
   */
  public boolean resendAfterUnknownOutcome() {
    return resendAfterUnknownOutcome;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EmailMessage m
        && from.equals(m.from)
        && to.equals(m.to)
        && cc.equals(m.cc)
        && bcc.equals(m.bcc)
        && replyTo.equals(m.replyTo)
        && subject.equals(m.subject)
        && Objects.equals(text, m.text)
        && Objects.equals(html, m.html)
        && attachments.equals(m.attachments)
        && headers.equals(m.headers)
        && tags.equals(m.tags)
        && metadata.equals(m.metadata)
        && Objects.equals(sendAt, m.sendAt)
        && idempotencyKey.equals(m.idempotencyKey)
        && resendAfterUnknownOutcome == m.resendAfterUnknownOutcome;
  }

  @Override
  public int hashCode() {
    return Objects.hash(from, to, cc, bcc, subject, idempotencyKey);
  }

  /**
   * Such as {@code EmailMessage{from=shop@example.com, recipients=3, subject="Your receipt",
   * text=120 chars, html=0 chars, attachments=1 (5120 bytes), idempotencyKey=...}}.
   */
  @Override
  public String toString() {
    StringBuilder s =
        new StringBuilder("EmailMessage{from=")
            .append(from)
            .append(", recipients=")
            .append(to.size() + cc.size() + bcc.size())
            .append(", subject=\"")
            .append(subject)
            .append("\", text=")
            .append(text == null ? 0 : text.length())
            .append(" chars, html=")
            .append(html == null ? 0 : html.length())
            .append(" chars, attachments=")
            .append(attachments.size())
            .append(" (")
            .append(totalAttachmentBytes())
            .append(" bytes)");
    if (sendAt != null) {
      s.append(", sendAt=").append(sendAt);
    }
    return s.append(", idempotencyKey=").append(idempotencyKey).append('}').toString();
  }

  /**
   * Builds an {@link EmailMessage}. Methods named after a list ({@code to}, {@code tags}, ...)
   * replace it; {@code add...} methods append one element; {@code header} and {@code metadata} with
   * a key and value put one entry. Addresses given as strings are parsed at once with {@link
   * EmailAddress#parse}; everything else is checked in {@link #build()}.
   */
  public static final class Builder {
    private EmailAddress from;
    private final List<EmailAddress> to = new ArrayList<>();
    private final List<EmailAddress> cc = new ArrayList<>();
    private final List<EmailAddress> bcc = new ArrayList<>();
    private final List<EmailAddress> replyTo = new ArrayList<>();
    private String subject;
    private String text;
    private String html;
    private final List<Attachment> attachments = new ArrayList<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final List<String> tags = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private Instant sendAt;
    private IdempotencyKey idempotencyKey;
    private boolean resendAfterUnknownOutcome;

    private Builder() {}

    private Builder(EmailMessage m) {
      this.from = m.from;
      this.to.addAll(m.to);
      this.cc.addAll(m.cc);
      this.bcc.addAll(m.bcc);
      this.replyTo.addAll(m.replyTo);
      this.subject = m.subject;
      this.text = m.text;
      this.html = m.html;
      this.attachments.addAll(m.attachments);
      this.headers.putAll(m.headers);
      this.tags.addAll(m.tags);
      this.metadata.putAll(m.metadata);
      this.sendAt = m.sendAt;
      this.resendAfterUnknownOutcome = m.resendAfterUnknownOutcome;
    }

    /** The sender, such as {@code "Shop <shop@example.com>"}; required. */
    public Builder from(String address) {
      this.from = parse("from", address);
      return this;
    }

    /** The sender; required. */
    public Builder from(EmailAddress address) {
      this.from = checkNotNull("from", address);
      return this;
    }

    /** Replaces the to list. */
    public Builder to(String... addresses) {
      return replace(to, "to", addresses);
    }

    /** Replaces the to list. */
    public Builder to(EmailAddress... addresses) {
      return replace(to, "to", addresses == null ? null : List.of(addresses));
    }

    /** Replaces the to list. */
    public Builder to(Collection<EmailAddress> addresses) {
      return replace(to, "to", addresses);
    }

    /** Appends one to recipient. */
    public Builder addTo(String address) {
      return add(to, "to", address);
    }

    /** Appends one to recipient. */
    public Builder addTo(EmailAddress address) {
      return add(to, "to", address);
    }

    /** Replaces the cc list. */
    public Builder cc(String... addresses) {
      return replace(cc, "cc", addresses);
    }

    /** Replaces the cc list. */
    public Builder cc(EmailAddress... addresses) {
      return replace(cc, "cc", addresses == null ? null : List.of(addresses));
    }

    /** Replaces the cc list. */
    public Builder cc(Collection<EmailAddress> addresses) {
      return replace(cc, "cc", addresses);
    }

    /** Appends one cc recipient. */
    public Builder addCc(String address) {
      return add(cc, "cc", address);
    }

    /** Appends one cc recipient. */
    public Builder addCc(EmailAddress address) {
      return add(cc, "cc", address);
    }

    /** Replaces the bcc list. */
    public Builder bcc(String... addresses) {
      return replace(bcc, "bcc", addresses);
    }

    /** Replaces the bcc list. */
    public Builder bcc(EmailAddress... addresses) {
      return replace(bcc, "bcc", addresses == null ? null : List.of(addresses));
    }

    /** Replaces the bcc list. */
    public Builder bcc(Collection<EmailAddress> addresses) {
      return replace(bcc, "bcc", addresses);
    }

    /** Appends one bcc recipient. */
    public Builder addBcc(String address) {
      return add(bcc, "bcc", address);
    }

    /** Appends one bcc recipient. */
    public Builder addBcc(EmailAddress address) {
      return add(bcc, "bcc", address);
    }

    /** Replaces the reply-to list. */
    public Builder replyTo(String... addresses) {
      return replace(replyTo, "replyTo", addresses);
    }

    /** Replaces the reply-to list. */
    public Builder replyTo(EmailAddress... addresses) {
      return replace(replyTo, "replyTo", addresses == null ? null : List.of(addresses));
    }

    /** Replaces the reply-to list. */
    public Builder replyTo(Collection<EmailAddress> addresses) {
      return replace(replyTo, "replyTo", addresses);
    }

    /** Appends one reply-to address. */
    public Builder addReplyTo(String address) {
      return add(replyTo, "replyTo", address);
    }

    /** Appends one reply-to address. */
    public Builder addReplyTo(EmailAddress address) {
      return add(replyTo, "replyTo", address);
    }

    /**
     * The subject; required, one line, at most {@value EmailMessage#MAX_SUBJECT_LENGTH} characters.
     */
    public Builder subject(String subject) {
      this.subject = subject;
      return this;
    }

    /** The plain-text body; null for none. At least one of text and HTML is required. */
    public Builder text(String text) {
      this.text = text;
      return this;
    }

    /** The HTML body; null for none. At least one of text and HTML is required. */
    public Builder html(String html) {
      this.html = html;
      return this;
    }

    /** Replaces the attachments. */
    public Builder attachments(Collection<Attachment> attachments) {
      Objects.requireNonNull(attachments, "attachments == null");
      List<Attachment> copy = new ArrayList<>(attachments);
      for (int i = 0; i < copy.size(); i++) {
        checkNotNull("attachments[" + i + "]", copy.get(i));
      }
      this.attachments.clear();
      this.attachments.addAll(copy);
      return this;
    }

    /** Appends one attachment. */
    public Builder addAttachment(Attachment attachment) {
      attachments.add(checkNotNull("attachments[" + attachments.size() + "]", attachment));
      return this;
    }

    /**
     * Appends a downloadable attachment with in-memory content, as {@link Attachment#of}; a problem
     * is reported as {@code attachments[i].field}.
     */
    public Builder addAttachment(String filename, String contentType, byte[] content) {
      try {
        attachments.add(Attachment.of(filename, contentType, content));
      } catch (InvalidRequestException e) {
        throw InvalidRequestException.invalidField(
            "attachments[" + attachments.size() + "]." + e.field().orElse("content"), e.reason());
      }
      return this;
    }

    /** Replaces the custom headers; their order is kept. */
    public Builder headers(Map<String, String> headers) {
      Objects.requireNonNull(headers, "headers == null");
      Map<String, String> copy = new LinkedHashMap<>(headers);
      this.headers.clear();
      this.headers.putAll(copy);
      return this;
    }

    /** Sets one custom header, replacing any of the same name in any case. */
    public Builder header(String name, String value) {
      if (name != null) {
        headers.keySet().removeIf(existing -> name.equalsIgnoreCase(existing));
      }
      headers.put(name, value);
      return this;
    }

    /** Replaces the tags. */
    public Builder tags(Collection<String> tags) {
      Objects.requireNonNull(tags, "tags == null");
      List<String> copy = new ArrayList<>(tags);
      this.tags.clear();
      this.tags.addAll(copy);
      return this;
    }

    /** Appends one tag. */
    public Builder addTag(String tag) {
      tags.add(tag);
      return this;
    }

    /** Replaces the metadata; its order is kept. */
    public Builder metadata(Map<String, String> metadata) {
      Objects.requireNonNull(metadata, "metadata == null");
      Map<String, String> copy = new LinkedHashMap<>(metadata);
      this.metadata.clear();
      this.metadata.putAll(copy);
      return this;
    }

    /** Puts one metadata entry. */
    public Builder metadata(String key, String value) {
      metadata.put(key, value);
      return this;
    }

    /** When the vendor should deliver the message; null (the default) for at once. */
    public Builder sendAt(Instant sendAt) {
      this.sendAt = sendAt;
      return this;
    }

    /** The key that makes sending safe to repeat; a random one when none is given. */
    public Builder idempotencyKey(IdempotencyKey idempotencyKey) {
      this.idempotencyKey = idempotencyKey;
      return this;
    }

    /**
     * Whether a repeat of this key may be sent again when an earlier attempt's outcome is unknown
     * (the connection broke after the message was sent, say). Default false: email vendors cannot
     * recognise a repeat, so sending it again may deliver the message twice, and a repeat is
     * refused with an {@code EarlierAttemptException}. Set it for a message where a duplicate is
     * better than none (a password reset); it then goes again to the same provider only.
     */
    public Builder resendAfterUnknownOutcome(boolean resend) {
      this.resendAfterUnknownOutcome = resend;
      return this;
    }

    /**
     * Checks every field and builds the message.
     *
     * @throws InvalidRequestException naming the first field found wrong
     */
    public EmailMessage build() {
      if (from == null) {
        throw new IllegalStateException("from must be set");
      }
      checkRecipients();
      checkSubject();
      checkBodies();
      checkAttachments();
      checkHeaders();
      checkTags();
      checkMetadata();
      return new EmailMessage(this);
    }

    private void checkRecipients() {
      int count = to.size() + cc.size() + bcc.size();
      if (count == 0) {
        throw InvalidRequestException.invalidField(
            "to", "at least one recipient (to, cc or bcc) is required");
      }
      if (count > MAX_RECIPIENTS) {
        throw InvalidRequestException.invalidField(
            "recipients",
            count + " recipients in to, cc and bcc together; at most " + MAX_RECIPIENTS);
      }
      // Vendors refuse a message that names one mailbox twice, and compare without regard to case.
      Map<String, String> seen = new HashMap<>();
      checkDuplicates(seen, "to", to);
      checkDuplicates(seen, "cc", cc);
      checkDuplicates(seen, "bcc", bcc);
    }

    private static void checkDuplicates(
        Map<String, String> seen, String list, List<EmailAddress> addresses) {
      for (int i = 0; i < addresses.size(); i++) {
        String field = list + "[" + i + "]";
        String address = addresses.get(i).address();
        String earlier = seen.putIfAbsent(address.toLowerCase(Locale.ROOT), field);
        if (earlier != null) {
          throw InvalidRequestException.invalidField(
              field, "'" + address + "' is already a recipient in " + earlier);
        }
      }
    }

    private void checkSubject() {
      if (subject == null || subject.isBlank()) {
        throw InvalidRequestException.invalidField("subject", "subject is required");
      }
      if (subject.length() > MAX_SUBJECT_LENGTH) {
        throw InvalidRequestException.invalidField(
            "subject",
            "subject has "
                + subject.length()
                + " characters; at most "
                + MAX_SUBJECT_LENGTH
                + " allowed");
      }
      String control = EmailAddress.controlCharacterProblem(subject);
      if (control != null) {
        throw InvalidRequestException.invalidField("subject", "subject holds a " + control);
      }
    }

    private void checkBodies() {
      if (text == null && html == null) {
        throw InvalidRequestException.invalidField(
            "text", "at least one of text and html is required");
      }
      if (text != null && text.isEmpty()) {
        throw InvalidRequestException.invalidField("text", "text is empty; leave it unset");
      }
      if (html != null && html.isEmpty()) {
        throw InvalidRequestException.invalidField("html", "html is empty; leave it unset");
      }
    }

    private void checkAttachments() {
      long total = 0;
      Map<String, Integer> contentIds = new HashMap<>();
      for (int i = 0; i < attachments.size(); i++) {
        Attachment a = attachments.get(i);
        if (a.size() > MAX_ATTACHMENT_BYTES) {
          throw InvalidRequestException.invalidField(
              "attachments[" + i + "].size",
              a.filename()
                  + " has "
                  + a.size()
                  + " bytes; at most "
                  + MAX_ATTACHMENT_BYTES
                  + " per attachment");
        }
        total += a.size();
        if (total > MAX_TOTAL_ATTACHMENT_BYTES) {
          throw InvalidRequestException.invalidField(
              "attachments",
              "attachments add up to more than "
                  + MAX_TOTAL_ATTACHMENT_BYTES
                  + " bytes (at attachments["
                  + i
                  + "])");
        }
        if (a.contentId().isPresent()) {
          Integer earlier = contentIds.putIfAbsent(a.contentId().get(), i);
          if (earlier != null) {
            throw InvalidRequestException.invalidField(
                "attachments[" + i + "].contentId",
                "content id '"
                    + a.contentId().get()
                    + "' is already used by attachments["
                    + earlier
                    + "]");
          }
        }
      }
    }

    private void checkHeaders() {
      Set<String> seen = new HashSet<>();
      for (Map.Entry<String, String> header : headers.entrySet()) {
        String name = header.getKey();
        String field = "headers[\"" + name + "\"]";
        if (name == null || name.isEmpty()) {
          throw InvalidRequestException.invalidField("headers", "a header name is empty");
        }
        for (int i = 0; i < name.length(); i++) {
          char c = name.charAt(i);
          if (c < 0x21 || c > 0x7e || c == ':') {
            throw InvalidRequestException.invalidField(
                field,
                "a header name holds printable ASCII except ':' and space; index "
                    + i
                    + " is U+"
                    + String.format("%04X", (int) c));
          }
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (RESERVED_HEADERS.contains(lower)) {
          throw InvalidRequestException.invalidField(
              field, name + " is set from the message's own fields, not as a custom header");
        }
        if (!seen.add(lower)) {
          throw InvalidRequestException.invalidField(
              field, "header " + name + " is given twice (names ignore case)");
        }
        String value = header.getValue();
        Objects.requireNonNull(value, () -> field + " == null");
        String control = EmailAddress.controlCharacterProblem(value);
        if (control != null) {
          throw InvalidRequestException.invalidField(field, "header value holds a " + control);
        }
      }
    }

    private void checkTags() {
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < tags.size(); i++) {
        String tag = tags.get(i);
        String field = "tags[" + i + "]";
        if (tag == null || tag.isBlank()) {
          throw InvalidRequestException.invalidField(field, "tag is blank");
        }
        if (tag.length() > MAX_TAG_LENGTH) {
          throw InvalidRequestException.invalidField(
              field, "tag is longer than " + MAX_TAG_LENGTH + " characters: '" + tag + "'");
        }
        String control = EmailAddress.controlCharacterProblem(tag);
        if (control != null) {
          throw InvalidRequestException.invalidField(field, "tag holds a " + control);
        }
        if (!seen.add(tag)) {
          throw InvalidRequestException.invalidField(field, "tag '" + tag + "' is given twice");
        }
      }
    }

    private void checkMetadata() {
      for (Map.Entry<String, String> entry : metadata.entrySet()) {
        String key = entry.getKey();
        if (key == null || key.isBlank()) {
          throw InvalidRequestException.invalidField("metadata", "a metadata key is blank");
        }
        String field = "metadata[\"" + key + "\"]";
        if (key.length() > MAX_METADATA_KEY_LENGTH) {
          throw InvalidRequestException.invalidField(
              field, "metadata key is longer than " + MAX_METADATA_KEY_LENGTH + " characters");
        }
        String control = EmailAddress.controlCharacterProblem(key);
        if (control != null) {
          throw InvalidRequestException.invalidField(field, "metadata key holds a " + control);
        }
        Objects.requireNonNull(entry.getValue(), () -> field + " == null");
      }
    }

    private Builder replace(List<EmailAddress> list, String name, String[] addresses) {
      if (addresses == null) {
        throw new NullPointerException(name + " == null");
      }
      List<EmailAddress> parsed = new ArrayList<>(addresses.length);
      for (int i = 0; i < addresses.length; i++) {
        parsed.add(parse(name + "[" + i + "]", addresses[i]));
      }
      list.clear();
      list.addAll(parsed);
      return this;
    }

    private Builder replace(
        List<EmailAddress> list, String name, Collection<EmailAddress> addresses) {
      if (addresses == null) {
        throw new NullPointerException(name + " == null");
      }
      List<EmailAddress> copy = new ArrayList<>(addresses);
      for (int i = 0; i < copy.size(); i++) {
        checkNotNull(name + "[" + i + "]", copy.get(i));
      }
      list.clear();
      list.addAll(copy);
      return this;
    }

    private Builder add(List<EmailAddress> list, String name, String address) {
      list.add(parse(name + "[" + list.size() + "]", address));
      return this;
    }

    private Builder add(List<EmailAddress> list, String name, EmailAddress address) {
      list.add(checkNotNull(name + "[" + list.size() + "]", address));
      return this;
    }

    private static EmailAddress parse(String field, String address) {
      if (address == null) {
        throw new NullPointerException(field + " == null");
      }
      try {
        return EmailAddress.parse(address);
      } catch (InvalidRequestException e) {
        throw InvalidRequestException.invalidField(field, e.reason());
      }
    }

    private static <T> T checkNotNull(String field, T value) {
      if (value == null) {
        throw new NullPointerException(field + " == null");
      }
      return value;
    }
  }
}
