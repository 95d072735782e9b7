package dev.switchboard.storage;

import dev.switchboard.InvalidRequestException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a listing: the blobs and the common prefixes on it, in UTF-8 byte order of their
 * keys, and the token of the next page when there is one.
 *
 * <p>The token is opaque: pass it back unchanged in {@link ListRequest#withPageToken(String)}.
 */
public final class BlobPage {
  private final List<BlobInfo> items;
  private final List<String> commonPrefixes;
  private final String nextPageToken;

  private BlobPage(List<BlobInfo> items, List<String> commonPrefixes, String nextPageToken) {
    this.items = items;
    this.commonPrefixes = commonPrefixes;
    this.nextPageToken = nextPageToken;
  }

  /**
   * A page.
   *
   * @param nextPageToken the next page's token, or null (or empty) when this is the last page
   */
  public static BlobPage of(
      List<BlobInfo> items, List<String> commonPrefixes, String nextPageToken) {
    if (items == null || items.stream().anyMatch(Objects::isNull)) {
      throw InvalidRequestException.invalidField("items", "items is null or holds null");
    }
    if (commonPrefixes == null || commonPrefixes.stream().anyMatch(Objects::isNull)) {
      throw InvalidRequestException.invalidField(
          "commonPrefixes", "commonPrefixes is null or holds null");
    }
    return new BlobPage(
        List.copyOf(items),
        List.copyOf(commonPrefixes),
        nextPageToken == null || nextPageToken.isEmpty() ? null : nextPageToken);
  }

  /** The blobs on this page (key, size, etag, last-modified time). */
  public List<BlobInfo> items() {
    return items;
  }

  /**
   * The groups of keys rolled up by the request's delimiter, each ending with the delimiter; empty
   * without one.
   */
  public List<String> commonPrefixes() {
    return commonPrefixes;
  }

  /** The token of the next page; absent on the last page. */
  public Optional<String> nextPageToken() {
    return Optional.ofNullable(nextPageToken);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BlobPage other
        && items.equals(other.items)
        && commonPrefixes.equals(other.commonPrefixes)
        && Objects.equals(nextPageToken, other.nextPageToken);
  }

  @Override
  public int hashCode() {
    return Objects.hash(items, commonPrefixes, nextPageToken);
  }

  @Override
  public String toString() {
    return "BlobPage[items="
        + items.size()
        + ", commonPrefixes="
        + commonPrefixes.size()
        + ", more="
        + (nextPageToken != null)
        + "]";
  }
}
