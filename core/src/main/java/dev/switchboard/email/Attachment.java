package dev.switchboard.email;

import dev.switchboard.ErrorContext;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.internal.MediaTypes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A file attached to an {@link EmailMessage}, either offered for download ({@link
 * Disposition#ATTACHMENT}) or shown inside the HTML body ({@link Disposition#INLINE}, referred to
 * as {@code <img src="cid:logo">} through its content id).
 *
 * <pre>{@code
 * Attachment invoice = Attachment.of("invoice.pdf", "application/pdf", pdfBytes);
 * Attachment logo = Attachment.inline("logo", "logo.png", "image/png", pngBytes);
 * Attachment report = Attachment.fromPath(Path.of("/tmp/report.csv"), null); // type from the name
 * Attachment custom = Attachment.builder().filename("a.bin").content(bytes).build();
 * }</pre>
 *
 * <p>In-memory content is copied, so later changes to the caller's array do not leak in. Content
 * from a file is streamed when sent; its size is read when the attachment is built, and the file
 * must not change afterwards. When no content type is given it comes from the file name's extension
 * (a small table of common types), else {@code application/octet-stream}.
 *
 * <p>{@link #toString()} shows the name, type and size, never the content.
 */
public final class Attachment {
  /** How the receiving mail client presents an attachment. */
  public enum Disposition {
    /** A file to download; the default. */
    ATTACHMENT,
    /** Shown inside the HTML body, referred to by its content id. */
    INLINE
  }

  /** The longest file name accepted, in characters. */
  public static final int MAX_FILENAME_LENGTH = 255;

  /** The content type used when none is given and the extension is not in the table. */
  public static final String DEFAULT_CONTENT_TYPE = MediaTypes.OCTET_STREAM;

  private static final Map<String, String> TYPES_BY_EXTENSION =
      Map.ofEntries(
          Map.entry("pdf", "application/pdf"),
          Map.entry("zip", "application/zip"),
          Map.entry("gz", "application/gzip"),
          Map.entry("json", "application/json"),
          Map.entry("xml", "application/xml"),
          Map.entry("txt", "text/plain"),
          Map.entry("csv", "text/csv"),
          Map.entry("htm", "text/html"),
          Map.entry("html", "text/html"),
          Map.entry("ics", "text/calendar"),
          Map.entry("png", "image/png"),
          Map.entry("jpg", "image/jpeg"),
          Map.entry("jpeg", "image/jpeg"),
          Map.entry("gif", "image/gif"),
          Map.entry("webp", "image/webp"),
          Map.entry("svg", "image/svg+xml"),
          Map.entry(
              "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
          Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));

  private final String filename;
  private final String contentType;
  private final byte[] bytes;
  private final Path path;
  private final long size;
  private final Disposition disposition;
  private final String contentId;

  private Attachment(Builder b, long size) {
    this.filename = b.filename;
    this.contentType = b.contentType != null ? b.contentType : contentTypeFor(b.filename);
    this.bytes = b.bytes;
    this.path = b.path;
    this.size = size;
    this.disposition = b.disposition;
    this.contentId = b.contentId;
  }

  /**
   * A downloadable attachment with in-memory content (copied).
   *
   * @param contentType such as {@code application/pdf}; null to derive it from the file name
   */
  public static Attachment of(String filename, String contentType, byte[] content) {
    return builder().filename(filename).contentType(contentType).content(content).build();
  }

  /**
   * An inline attachment that the HTML body shows as {@code <img src="cid:contentId">}.
   *
   * @param contentType such as {@code image/png}; null to derive it from the file name
   */
  public static Attachment inline(
      String contentId, String filename, String contentType, byte[] content) {
    return builder()
        .filename(filename)
        .contentType(contentType)
        .content(content)
        .disposition(Disposition.INLINE)
        .contentId(contentId)
        .build();
  }

  /**
   * A downloadable attachment streamed from a file, named after it.
   *
   * @param contentType such as {@code text/csv}; null to derive it from the file name
   * @throws InvalidRequestException (field {@code path}) if the file does not exist or cannot be
   *     read
   */
  public static Attachment fromPath(Path path, String contentType) {
    Objects.requireNonNull(path, "path == null");
    Path name = path.getFileName();
    return builder()
        .filename(name == null ? null : name.toString())
        .contentType(contentType)
        .content(path)
        .build();
  }

  /** A builder; filename and content are required, the disposition defaults to ATTACHMENT. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this attachment's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  public String filename() {
    return filename;
  }

  /** The MIME type, such as {@code application/pdf}. */
  public String contentType() {
    return contentType;
  }

  /** The content's size in bytes. */
  public long size() {
    return size;
  }

  public Disposition disposition() {
    return disposition;
  }

  /** The content id, present exactly when the disposition is {@link Disposition#INLINE}. */
  public Optional<String> contentId() {
    return Optional.ofNullable(contentId);
  }

  /** The file the content streams from, when it was built from one. */
  public Optional<Path> path() {
    return Optional.ofNullable(path);
  }

  /**
   * A new stream over the content; each call starts from the beginning. The caller closes it.
   *
   * @throws InvalidRequestException (field {@code path}) if the file can no longer be read
   */
  public InputStream openStream() {
    if (bytes != null) {
      return new ByteArrayInputStream(bytes);
    }
    try {
      return Files.newInputStream(path);
    } catch (IOException e) {
      throw unreadable(path, e);
    }
  }

  /**
   * The whole content as a new array; meant for small content, since it is all held in memory.
   *
   * @throws InvalidRequestException (field {@code path}) if the file can no longer be read
   */
  public byte[] bytes() {
    if (bytes != null) {
      return bytes.clone();
    }
    try {
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw unreadable(path, e);
    }
  }

  /**
   * Equal when name, type, disposition, content id and size match and the content is the same bytes
   * held in memory, or the same file.
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof Attachment other
        && filename.equals(other.filename)
        && contentType.equals(other.contentType)
        && disposition == other.disposition
        && Objects.equals(contentId, other.contentId)
        && size == other.size
        && Arrays.equals(bytes, other.bytes)
        && Objects.equals(path, other.path);
  }

  @Override
  public int hashCode() {
    return Objects.hash(filename, contentType, disposition, contentId, size, path);
  }

  /** Such as {@code Attachment{invoice.pdf, application/pdf, 5120 bytes}}; never the content. */
  @Override
  public String toString() {
    StringBuilder s =
        new StringBuilder("Attachment{")
            .append(filename)
            .append(", ")
            .append(contentType)
            .append(", ")
            .append(size)
            .append(" bytes");
    if (contentId != null) {
      s.append(", inline cid=").append(contentId);
    }
    return s.append('}').toString();
  }

  private static String contentTypeFor(String filename) {
    int dot = filename.lastIndexOf('.');
    if (dot < 0) {
      return DEFAULT_CONTENT_TYPE;
    }
    String extension = filename.substring(dot + 1).toLowerCase(Locale.ROOT);
    return TYPES_BY_EXTENSION.getOrDefault(extension, DEFAULT_CONTENT_TYPE);
  }

  private static InvalidRequestException unreadable(Path path, IOException e) {
    return new InvalidRequestException(
        "cannot read attachment file " + path + ": " + e, ErrorContext.empty(), "path", e);
  }

  /** Builds an {@link Attachment}; checks every value in {@link #build()}. */
  public static final class Builder {
    private String filename;
    private String contentType;
    private byte[] bytes;
    private Path path;
    private Disposition disposition = Disposition.ATTACHMENT;
    private String contentId;

    private Builder() {}

    private Builder(Attachment a) {
      this.filename = a.filename;
      this.contentType = a.contentType;
      this.bytes = a.bytes;
      this.path = a.path;
      this.disposition = a.disposition;
      this.contentId = a.contentId;
    }

    /** The name the recipient sees: no path separators, no line breaks, at most 255 chars. */
    public Builder filename(String filename) {
      this.filename = filename;
      return this;
    }

    /** A MIME type such as {@code image/png}, optionally with parameters; null to derive it. */
    public Builder contentType(String contentType) {
      this.contentType = contentType;
      return this;
    }

    /** In-memory content, copied now. Replaces any file set before. */
    public Builder content(byte[] content) {
      Objects.requireNonNull(content, "content == null");
      this.bytes = content.clone();
      this.path = null;
      return this;
    }

    /** Content streamed from a file when sent. Replaces any in-memory content set before. */
    public Builder content(Path path) {
      Objects.requireNonNull(path, "path == null");
      this.path = path;
      this.bytes = null;
      return this;
    }

    /** ATTACHMENT (the default) or INLINE; INLINE needs a {@link #contentId}. */
    public Builder disposition(Disposition disposition) {
      Objects.requireNonNull(disposition, "disposition == null");
      this.disposition = disposition;
      return this;
    }

    /** The id an inline attachment is referred to by ({@code cid:...}), without angle brackets. */
    public Builder contentId(String contentId) {
      this.contentId = contentId;
      return this;
    }

    /**
     * @throws InvalidRequestException naming the field that is missing or malformed, or {@code
     *     path} when the file does not exist or cannot be read
     */
    public Attachment build() {
      checkFilename();
      if (contentType != null) {
        MediaTypes.requireValid("contentType", contentType);
      }
      checkContentId();
      return new Attachment(this, size());
    }

    private void checkFilename() {
      if (filename == null || filename.isBlank()) {
        throw InvalidRequestException.invalidField("filename", "filename is blank");
      }
      if (filename.length() > MAX_FILENAME_LENGTH) {
        throw InvalidRequestException.invalidField(
            "filename",
            "filename is longer than " + MAX_FILENAME_LENGTH + " characters: '" + filename + "'");
      }
      if (filename.indexOf('/') >= 0
          || filename.indexOf('\\') >= 0
          || filename.equals(".")
          || filename.equals("..")) {
        throw InvalidRequestException.invalidField(
            "filename", "filename must not be a path: '" + filename + "'");
      }
      String control = EmailAddress.controlCharacterProblem(filename);
      if (control != null) {
        throw InvalidRequestException.invalidField("filename", "filename holds a " + control);
      }
    }

    private void checkContentId() {
      if (disposition == Disposition.INLINE) {
        if (contentId == null || contentId.isEmpty()) {
          throw InvalidRequestException.invalidField(
              "contentId", "an INLINE attachment needs a content id");
        }
        for (int i = 0; i < contentId.length(); i++) {
          char c = contentId.charAt(i);
          if (c == '<' || c == '>' || Character.isWhitespace(c) || Character.isISOControl(c)) {
            throw InvalidRequestException.invalidField(
                "contentId",
                "content id must not hold '<', '>', whitespace or control characters: '"
                    + contentId
                    + "'");
          }
        }
      } else if (contentId != null) {
        throw InvalidRequestException.invalidField(
            "contentId", "only an INLINE attachment has a content id, this one is " + disposition);
      }
    }

    private long size() {
      if (bytes != null) {
        return bytes.length;
      }
      if (path == null) {
        throw new IllegalStateException("content must be set");
      }
      if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
        throw InvalidRequestException.invalidField(
            "path", "attachment file does not exist or is not readable: " + path);
      }
      try {
        return Files.size(path);
      } catch (IOException e) {
        throw unreadable(path, e);
      }
    }
  }
}
