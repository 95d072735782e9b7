package dev.switchboard.testkit;

import dev.switchboard.email.Attachment;
import dev.switchboard.email.Attachment.Disposition;
import dev.switchboard.email.EmailAddress;
import dev.switchboard.email.EmailMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the receiving side of an {@link dev.switchboard.email.EmailSender} (the vendor) got, in
 * neutral terms, so that {@link EmailSenderContract} can compare it with what was sent whatever the
 * implementation: the fake builds it from the message ({@link #of(EmailMessage)}), a vendor
 * simulator builds it from the wire format with {@link #builder()}.
 *
 * <pre>{@code
 * ReceivedEmail email = ReceivedEmail.builder()
 *     .from(EmailAddress.parse(json.from))
 *     .to(List.of(EmailAddress.of("ann@example.com")))
 *     .subject(json.subject).text(json.text)
 *     .addAttachment(ReceivedEmail.ReceivedAttachment.of("a.pdf", "application/pdf", bytes,
 *         Attachment.Disposition.ATTACHMENT, null))
 *     .build();
 * }</pre>
 *
 * <p>Unset lists and maps are empty. {@link #toString()} shows sizes, never bodies or content.
 */
public final class ReceivedEmail {
  private final EmailAddress from;
  private final List<EmailAddress> to;
  private final List<EmailAddress> cc;
  private final List<EmailAddress> bcc;
  private final List<EmailAddress> replyTo;
  private final String subject;
  private final String text;
  private final String html;
  private final List<ReceivedAttachment> attachments;
  private final Map<String, String> headers;
  private final List<String> tags;
  private final Map<String, String> metadata;
  private final Instant sendAt;

  private ReceivedEmail(Builder b) {
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
  }

  /** Everything in {@code message} as a receiving side would see it; attachments are read now. */
  public static ReceivedEmail of(EmailMessage message) {
    Builder b =
        builder()
            .from(message.from())
            .to(message.to())
            .cc(message.cc())
            .bcc(message.bcc())
            .replyTo(message.replyTo())
            .subject(message.subject())
            .text(message.text().orElse(null))
            .html(message.html().orElse(null))
            .headers(message.headers())
            .tags(message.tags())
            .metadata(message.metadata())
            .sendAt(message.sendAt().orElse(null));
    for (Attachment a : message.attachments()) {
      b.addAttachment(
          ReceivedAttachment.of(
              a.filename(),
              a.contentType(),
              a.bytes(),
              a.disposition(),
              a.contentId().orElse(null)));
    }
    return b.build();
  }

  public static Builder builder() {
    return new Builder();
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

  public String subject() {
    return subject;
  }

  public Optional<String> text() {
    return Optional.ofNullable(text);
  }

  public Optional<String> html() {
    return Optional.ofNullable(html);
  }

  public List<ReceivedAttachment> attachments() {
    return attachments;
  }

  /** The attachment with this file name, if one arrived. */
  public Optional<ReceivedAttachment> attachment(String filename) {
    return attachments.stream().filter(a -> a.filename().equals(filename)).findFirst();
  }

  public Map<String, String> headers() {
    return headers;
  }

  public List<String> tags() {
    return tags;
  }

  public Map<String, String> metadata() {
    return metadata;
  }

  public Optional<Instant> sendAt() {
    return Optional.ofNullable(sendAt);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReceivedEmail r
        && Objects.equals(from, r.from)
        && to.equals(r.to)
        && cc.equals(r.cc)
        && bcc.equals(r.bcc)
        && replyTo.equals(r.replyTo)
        && Objects.equals(subject, r.subject)
        && Objects.equals(text, r.text)
        && Objects.equals(html, r.html)
        && attachments.equals(r.attachments)
        && headers.equals(r.headers)
        && tags.equals(r.tags)
        && metadata.equals(r.metadata)
        && Objects.equals(sendAt, r.sendAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(from, to, cc, bcc, subject, text, html);
  }

  @Override
  public String toString() {
    return "ReceivedEmail{from="
        + from
        + ", recipients="
        + (to.size() + cc.size() + bcc.size())
        + ", subject=\""
        + subject
        + "\", text="
        + (text == null ? 0 : text.length())
        + " chars, html="
        + (html == null ? 0 : html.length())
        + " chars, attachments="
        + attachments
        + '}';
  }

  /** One attachment as the receiving side got it; the content is copied in and out. */
  public static final class ReceivedAttachment {
    private final String filename;
    private final String contentType;
    private final byte[] content;
    private final Disposition disposition;
    private final String contentId;

    private ReceivedAttachment(
        String filename,
        String contentType,
        byte[] content,
        Disposition disposition,
        String contentId) {
      this.filename = Objects.requireNonNull(filename, "filename == null");
      this.contentType = Objects.requireNonNull(contentType, "contentType == null");
      this.content = Objects.requireNonNull(content, "content == null").clone();
      this.disposition = Objects.requireNonNull(disposition, "disposition == null");
      this.contentId = contentId;
    }

    /**
     * @param contentId the content id of an inline attachment, null for none
     */
    public static ReceivedAttachment of(
        String filename,
        String contentType,
        byte[] content,
        Disposition disposition,
        String contentId) {
      return new ReceivedAttachment(filename, contentType, content, disposition, contentId);
    }

    public String filename() {
      return filename;
    }

    public String contentType() {
      return contentType;
    }

    /** A copy of the content. */
    public byte[] content() {
      return content.clone();
    }

    public Disposition disposition() {
      return disposition;
    }

    public Optional<String> contentId() {
      return Optional.ofNullable(contentId);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ReceivedAttachment a
          && filename.equals(a.filename)
          && contentType.equals(a.contentType)
          && Arrays.equals(content, a.content)
          && disposition == a.disposition
          && Objects.equals(contentId, a.contentId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(filename, contentType, Arrays.hashCode(content), disposition, contentId);
    }

    @Override
    public String toString() {
      return filename
          + " ("
          + contentType
          + ", "
          + content.length
          + " bytes, "
          + disposition
          + (contentId == null ? "" : ", cid=" + contentId)
          + ")";
    }
  }

  /** Builds a {@link ReceivedEmail}; it records what arrived, so it checks nothing. */
  public static final class Builder {
    private EmailAddress from;
    private final List<EmailAddress> to = new ArrayList<>();
    private final List<EmailAddress> cc = new ArrayList<>();
    private final List<EmailAddress> bcc = new ArrayList<>();
    private final List<EmailAddress> replyTo = new ArrayList<>();
    private String subject;
    private String text;
    private String html;
    private final List<ReceivedAttachment> attachments = new ArrayList<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final List<String> tags = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private Instant sendAt;

    private Builder() {}

    public Builder from(EmailAddress from) {
      this.from = from;
      return this;
    }

    public Builder to(List<EmailAddress> to) {
      return replace(this.to, to);
    }

    public Builder cc(List<EmailAddress> cc) {
      return replace(this.cc, cc);
    }

    public Builder bcc(List<EmailAddress> bcc) {
      return replace(this.bcc, bcc);
    }

    public Builder replyTo(List<EmailAddress> replyTo) {
      return replace(this.replyTo, replyTo);
    }

    public Builder subject(String subject) {
      this.subject = subject;
      return this;
    }

    /** The plain-text body; null for none. */
    public Builder text(String text) {
      this.text = text;
      return this;
    }

    /** The HTML body; null for none. */
    public Builder html(String html) {
      this.html = html;
      return this;
    }

    public Builder addAttachment(ReceivedAttachment attachment) {
      attachments.add(Objects.requireNonNull(attachment, "attachment == null"));
      return this;
    }

    public Builder headers(Map<String, String> headers) {
      this.headers.clear();
      this.headers.putAll(headers);
      return this;
    }

    public Builder tags(List<String> tags) {
      return replace(this.tags, tags);
    }

    public Builder metadata(Map<String, String> metadata) {
      this.metadata.clear();
      this.metadata.putAll(metadata);
      return this;
    }

    /** The scheduled delivery time; null for at once. */
    public Builder sendAt(Instant sendAt) {
      this.sendAt = sendAt;
      return this;
    }

    public ReceivedEmail build() {
      return new ReceivedEmail(this);
    }

    private <T> Builder replace(List<T> list, List<T> values) {
      list.clear();
      list.addAll(values);
      return this;
    }
  }
}
