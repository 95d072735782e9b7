package dev.switchboard.storage;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.internal.MediaTypes;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How to store a blob: its content type, user metadata, whether to refuse overwriting an existing
 * blob, and who to tell about progress.
 *
 * <pre>{@code
 * PutOptions options = PutOptions.builder()
 *     .contentType("application/pdf")
 *     .metadata("customer-id", "c-42")
 *     .createIfAbsent(true)                 // ConflictException when the key already exists
 *     .build();
 * }</pre>
 *
 * <p>Defaults: content type {@value ContentTypes#DEFAULT}, no metadata, overwrite allowed, no
 * listener, a fresh random idempotency key.
 *
 * <p>Metadata follows S3's rules for user metadata, the strictest among common stores: names are
 * ASCII letters, digits and {@code -}, kept in lower case (names are case-insensitive); values are
 * printable ASCII without leading or trailing spaces (HTTP headers would drop them); names and
 * values together take at most {@value #MAX_METADATA_BYTES} bytes.
 */
public final class PutOptions {
  /** The most bytes that metadata names and values may take together. */
  public static final int MAX_METADATA_BYTES = 2048;

  private final String contentType;
  private final Map<String, String> metadata;
  private final boolean createIfAbsent;
  private final ProgressListener progressListener;
  private final IdempotencyKey idempotencyKey;

  private PutOptions(Builder b) {
    this.contentType = b.contentType;
    this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(b.metadata));
    this.createIfAbsent = b.createIfAbsent;
    this.progressListener = b.progressListener;
    this.idempotencyKey = b.idempotencyKey == null ? IdempotencyKey.random() : b.idempotencyKey;
  }

  /** Options with every default, and a fresh idempotency key. */
  public static PutOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options, to derive a variant; the idempotency key is kept. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The media type, such as {@code image/png}; default {@value ContentTypes#DEFAULT}. */
  public String contentType() {
    return contentType;
  }

  /** The user metadata, names in lower case, in the order given. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** Whether the put must fail with a {@code ConflictException} when the key already exists. */
  public boolean createIfAbsent() {
    return createIfAbsent;
  }

  public ProgressListener progressListener() {
    return progressListener;
  }

  /** The key that makes a retry of this put harmless; the same on every attempt. */
  public IdempotencyKey idempotencyKey() {
    return idempotencyKey;
  }

  /** Shows metadata names but not values, which may hold personal data. */
  @Override
  public String toString() {
    return "PutOptions[contentType="
        + contentType
        + ", metadata="
        + metadata.keySet()
        + ", createIfAbsent="
        + createIfAbsent
        + ", idempotencyKey="
        + idempotencyKey.value()
        + "]";
  }

  /** Builds {@link PutOptions}; every setting is optional. */
  public static final class Builder {
    private String contentType = MediaTypes.OCTET_STREAM;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private boolean createIfAbsent;
    private ProgressListener progressListener = ProgressListener.none();
    private IdempotencyKey idempotencyKey;

    private Builder() {}

    private Builder(PutOptions o) {
      this.contentType = o.contentType;
      this.metadata.putAll(o.metadata);
      this.createIfAbsent = o.createIfAbsent;
      this.progressListener = o.progressListener;
      this.idempotencyKey = o.idempotencyKey;
    }

    /** The media type ({@code type/subtype}, parameters allowed). */
    public Builder contentType(String contentType) {
      this.contentType = MediaTypes.requireValid("contentType", contentType);
      return this;
    }

    /** Adds one metadata entry; the name is kept in lower case. */
    public Builder metadata(String name, String value) {
      String normalized = requireName(name);
      requireValue(normalized, value);
      Map<String, String> next = new LinkedHashMap<>(metadata);
      next.put(normalized, value);
      requireTotal(next);
      metadata.put(normalized, value);
      return this;
    }

    /** Replaces all metadata with {@code entries}. */
    public Builder metadata(Map<String, String> entries) {
      Objects.requireNonNull(entries, "entries == null");
      Map<String, String> next = new LinkedHashMap<>();
      entries.forEach(
          (name, value) -> {
            String normalized = requireName(name);
            requireValue(normalized, value);
            if (next.putIfAbsent(normalized, value) != null) {
              throw InvalidRequestException.invalidField(
                  "metadata",
                  "metadata names are case-insensitive and \"" + normalized + "\" appears twice");
            }
          });
      requireTotal(next);
      metadata.clear();
      metadata.putAll(next);
      return this;
    }

    /** Whether to refuse the put, with a {@code ConflictException}, when the key exists. */
    public Builder createIfAbsent(boolean createIfAbsent) {
      this.createIfAbsent = createIfAbsent;
      return this;
    }

    public Builder progressListener(ProgressListener progressListener) {
      Objects.requireNonNull(progressListener, "progressListener == null");
      this.progressListener = progressListener;
      return this;
    }

    /** The idempotency key to send; a random one is made when none is given. */
    public Builder idempotencyKey(IdempotencyKey idempotencyKey) {
      Objects.requireNonNull(idempotencyKey, "idempotencyKey == null");
      this.idempotencyKey = idempotencyKey;
      return this;
    }

    public PutOptions build() {
      return new PutOptions(this);
    }

    private static String requireName(String name) {
      Objects.requireNonNull(name, "metadata name == null");
      if (name.isEmpty()) {
        throw InvalidRequestException.invalidField("metadata", "metadata name is empty");
      }
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        boolean ok =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
        if (!ok) {
          throw InvalidRequestException.invalidField(
              "metadata",
              "metadata name \""
                  + printable(name)
                  + "\" may hold only ASCII letters, digits and '-'");
        }
      }
      return name.toLowerCase(Locale.ROOT);
    }

    private static void requireValue(String name, String value) {
      Objects.requireNonNull(value, () -> "metadata value of \"" + name + "\" == null");
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c < 0x20 || c > 0x7e) {
          throw InvalidRequestException.invalidField(
              "metadata",
              "metadata value of \""
                  + name
                  + "\" may hold only printable ASCII; character at index "
                  + i
                  + " is "
                  + String.format("U+%04X", (int) c));
        }
      }
      if (!value.equals(value.strip())) {
        throw InvalidRequestException.invalidField(
            "metadata",
            "metadata value of \""
                + name
                + "\" has leading or trailing spaces, which would be lost");
      }
    }

    private static void requireTotal(Map<String, String> entries) {
      int total = 0;
      for (Map.Entry<String, String> e : entries.entrySet()) {
        total += e.getKey().length() + e.getValue().length();
      }
      if (total > MAX_METADATA_BYTES) {
        throw InvalidRequestException.invalidField(
            "metadata",
            "metadata takes " + total + " bytes; the limit is " + MAX_METADATA_BYTES + " bytes");
      }
    }

    private static String printable(String s) {
      StringBuilder out = new StringBuilder();
      s.codePoints()
          .limit(64)
          .forEach(
              c -> {
                if (c >= 0x20 && c <= 0x7e) {
                  out.append((char) c);
                } else {
                  out.append(String.format("\\u%04X", c));
                }
              });
      return out.toString();
    }
  }
}
