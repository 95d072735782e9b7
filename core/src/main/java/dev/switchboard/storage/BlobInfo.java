package dev.switchboard.storage;

import dev.switchboard.InvalidRequestException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a store knows about a blob: its key, size, content type, entity tag, when it was last
 * written, and its user metadata.
 *
 * <pre>{@code
 * BlobInfo info = store.put("a.txt", BlobContent.ofString("hi"), PutOptions.defaults());
 * info.size();          // 2
 * info.etag();          // "\"49f68a5c8493ec2c0bf489821c21fc3b\"", quotes included
 * }</pre>
 *
 * <p>Items of a {@linkplain BlobStore#list listing} carry key, size, etag and last-modified time
 * only, as S3's listings do: their content type is absent and their metadata empty; {@link
 * BlobStore#stat} has the rest. Adapters build instances from what their vendor reports, so the key
 * is not held to {@link BlobKeys}' rules here.
 */
public final class BlobInfo {
  private final String key;
  private final long size;
  private final String contentType;
  private final String etag;
  private final Instant lastModified;
  private final Map<String, String> metadata;

  private BlobInfo(Builder b) {
    this.key = b.key;
    this.size = b.size;
    this.contentType = b.contentType;
    this.etag = b.etag;
    this.lastModified = b.lastModified;
    this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(b.metadata));
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  public String key() {
    return key;
  }

  /** The whole blob's length in bytes (also when a range of it was read). */
  public long size() {
    return size;
  }

  /** The media type; absent when the store did not report it (as in listings). */
  public Optional<String> contentType() {
    return Optional.ofNullable(contentType);
  }

  /**
   * The entity tag, as the store gives it (S3 quotes it; for a blob stored in one part it is the
   * hex MD5 of the content). It changes whenever the content does.
   */
  public String etag() {
    return etag;
  }

  public Instant lastModified() {
    return lastModified;
  }

  /** The user metadata, names in lower case; empty when there is none or it was not reported. */
  public Map<String, String> metadata() {
    return metadata;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BlobInfo other
        && size == other.size
        && key.equals(other.key)
        && Objects.equals(contentType, other.contentType)
        && etag.equals(other.etag)
        && lastModified.equals(other.lastModified)
        && metadata.equals(other.metadata);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, size, contentType, etag, lastModified, metadata);
  }

  /** Shows metadata names but not values, which may hold personal data. */
  @Override
  public String toString() {
    return "BlobInfo[key="
        + key
        + ", size="
        + size
        + ", contentType="
        + contentType
        + ", etag="
        + etag
        + ", lastModified="
        + lastModified
        + ", metadata="
        + metadata.keySet()
        + "]";
  }

  /** Builds a {@link BlobInfo}; key, etag and last-modified time are required. */
  public static final class Builder {
    private String key;
    private long size;
    private String contentType;
    private String etag;
    private Instant lastModified;
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private Builder() {}

    private Builder(BlobInfo info) {
      this.key = info.key;
      this.size = info.size;
      this.contentType = info.contentType;
      this.etag = info.etag;
      this.lastModified = info.lastModified;
      this.metadata.putAll(info.metadata);
    }

    public Builder key(String key) {
      if (key == null || key.isEmpty()) {
        throw InvalidRequestException.invalidField("key", "key is null or empty");
      }
      this.key = key;
      return this;
    }

    public Builder size(long size) {
      if (size < 0) {
        throw InvalidRequestException.invalidField("size", "size must be >= 0, was " + size);
      }
      this.size = size;
      return this;
    }

    /** The media type, or null when the store did not report one. */
    public Builder contentType(String contentType) {
      this.contentType = contentType;
      return this;
    }

    public Builder etag(String etag) {
      if (etag == null || etag.isEmpty()) {
        throw InvalidRequestException.invalidField("etag", "etag is null or empty");
      }
      this.etag = etag;
      return this;
    }

    public Builder lastModified(Instant lastModified) {
      Objects.requireNonNull(lastModified, "lastModified == null");
      this.lastModified = lastModified;
      return this;
    }

    /** Replaces the metadata; names are kept in lower case. */
    public Builder metadata(Map<String, String> metadata) {
      Objects.requireNonNull(metadata, "metadata == null");
      Map<String, String> next = new LinkedHashMap<>();
      metadata.forEach(
          (name, value) -> {
            if (name == null || value == null) {
              throw InvalidRequestException.invalidField(
                  "metadata", "metadata holds a null name or value");
            }
            next.put(name.toLowerCase(Locale.ROOT), value);
          });
      this.metadata.clear();
      this.metadata.putAll(next);
      return this;
    }

    public BlobInfo build() {
      if (key == null) {
        throw new IllegalStateException("key must be set");
      }
      if (etag == null) {
        throw new IllegalStateException("etag must be set");
      }
      if (lastModified == null) {
        throw new IllegalStateException("lastModified must be set");
      }
      return new BlobInfo(this);
    }
  }
}
