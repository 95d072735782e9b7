package dev.switchboard.storage;

import dev.switchboard.InvalidRequestException;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a listing: which keys (those starting with a prefix), how to group them (by a
 * delimiter, into common prefixes, like folders), how many per page, and where to resume.
 *
 * <pre>{@code
 * ListRequest request = ListRequest.builder().prefix("photos/").delimiter("/").pageSize(100).build();
 * BlobPage page = store.list(request);
 * while (page.nextPageToken().isPresent()) {
 *   page = store.list(request.withPageToken(page.nextPageToken().get()));
 * }
 * }</pre>
 *
 * <p>Defaults: every key (empty prefix), no delimiter, {@value #MAX_PAGE_SIZE} entries per page,
 * the first page.
 */
public final class ListRequest {
  /** The largest page, as S3 allows. */
  public static final int MAX_PAGE_SIZE = 1000;

  private final String prefix;
  private final String delimiter;
  private final int pageSize;
  private final String pageToken;

  private ListRequest(Builder b) {
    this.prefix = b.prefix;
    this.delimiter = b.delimiter;
    this.pageSize = b.pageSize;
    this.pageToken = b.pageToken;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** This request, resuming at {@code pageToken} (from {@link BlobPage#nextPageToken()}). */
  public ListRequest withPageToken(String pageToken) {
    return toBuilder().pageToken(pageToken).build();
  }

  /** Only keys starting with this; empty for every key. */
  public String prefix() {
    return prefix;
  }

  /**
   * When present, keys whose remainder after the prefix holds it are rolled up into one common
   * prefix each (up to and including the delimiter's first occurrence).
   */
  public Optional<String> delimiter() {
    return Optional.ofNullable(delimiter);
  }

  /** The most entries (blobs and common prefixes together) on one page. */
  public int pageSize() {
    return pageSize;
  }

  /** Where to resume; absent for the first page. */
  public Optional<String> pageToken() {
    return Optional.ofNullable(pageToken);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ListRequest other
        && pageSize == other.pageSize
        && prefix.equals(other.prefix)
        && Objects.equals(delimiter, other.delimiter)
        && Objects.equals(pageToken, other.pageToken);
  }

  @Override
  public int hashCode() {
    return Objects.hash(prefix, delimiter, pageSize, pageToken);
  }

  @Override
  public String toString() {
    return "ListRequest[prefix="
        + prefix
        + ", delimiter="
        + delimiter
        + ", pageSize="
        + pageSize
        + ", pageToken="
        + (pageToken == null ? "none" : "present")
        + "]";
  }

  /** Builds a {@link ListRequest}; every setting is optional. */
  public static final class Builder {
    private String prefix = "";
    private String delimiter;
    private int pageSize = MAX_PAGE_SIZE;
    private String pageToken;

    private Builder() {}

    private Builder(ListRequest r) {
      this.prefix = r.prefix;
      this.delimiter = r.delimiter;
      this.pageSize = r.pageSize;
      this.pageToken = r.pageToken;
    }

    /** Only keys starting with {@code prefix}; empty (the default) for every key. */
    public Builder prefix(String prefix) {
      this.prefix = BlobKeys.requireValidPrefix("prefix", prefix);
      return this;
    }

    /** Groups keys by {@code delimiter}, such as {@code "/"}; null for no grouping. */
    public Builder delimiter(String delimiter) {
      if (delimiter != null) {
        if (delimiter.isEmpty()) {
          throw InvalidRequestException.invalidField(
              "delimiter", "delimiter must not be empty; use null for no grouping");
        }
        BlobKeys.requireValidPrefix("delimiter", delimiter);
      }
      this.delimiter = delimiter;
      return this;
    }

    /** Entries per page, 1 to {@value #MAX_PAGE_SIZE}. */
    public Builder pageSize(int pageSize) {
      if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
        throw InvalidRequestException.invalidField(
            "pageSize", "pageSize must be 1 to " + MAX_PAGE_SIZE + ", was " + pageSize);
      }
      this.pageSize = pageSize;
      return this;
    }

    /** The token of the page to read, from {@link BlobPage#nextPageToken()}; null for the first. */
    public Builder pageToken(String pageToken) {
      if (pageToken != null && pageToken.isEmpty()) {
        throw InvalidRequestException.invalidField(
            "pageToken", "pageToken must not be empty; use null for the first page");
      }
      this.pageToken = pageToken;
      return this;
    }

    public ListRequest build() {
      return new ListRequest(this);
    }
  }
}
