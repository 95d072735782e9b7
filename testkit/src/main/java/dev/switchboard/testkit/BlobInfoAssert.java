package dev.switchboard.testkit;

import dev.switchboard.storage.BlobInfo;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link BlobInfo}, from any store.
 *
 * <pre>{@code
 * new BlobInfoAssert(info).hasKey("a.txt").hasSize(5).hasContentType("text/plain");
 * }</pre>
 */
public class BlobInfoAssert extends AbstractAssert<BlobInfoAssert, BlobInfo> {

  public BlobInfoAssert(BlobInfo actual) {
    super(actual, BlobInfoAssert.class);
  }

  public BlobInfoAssert hasKey(String expected) {
    isNotNull();
    if (!actual.key().equals(expected)) {
      failWithMessage("Expected blob key <%s> but was <%s>", expected, actual.key());
    }
    return this;
  }

  public BlobInfoAssert hasSize(long expected) {
    isNotNull();
    if (actual.size() != expected) {
      failWithMessage(
          "Expected blob <%s> to be %s bytes but it was %s", actual.key(), expected, actual.size());
    }
    return this;
  }

  public BlobInfoAssert hasContentType(String expected) {
    isNotNull();
    String contentType = actual.contentType().orElse(null);
    if (!Objects.equals(contentType, expected)) {
      failWithMessage(
          "Expected blob <%s> to have content type <%s> but it had <%s>",
          actual.key(), expected, contentType);
    }
    return this;
  }

  public BlobInfoAssert hasEtag(String expected) {
    isNotNull();
    if (!actual.etag().equals(expected)) {
      failWithMessage(
          "Expected blob <%s> to have etag <%s> but it had <%s>",
          actual.key(), expected, actual.etag());
    }
    return this;
  }

  public BlobInfoAssert wasLastModifiedAt(Instant expected) {
    isNotNull();
    if (!actual.lastModified().equals(expected)) {
      failWithMessage(
          "Expected blob <%s> to be last modified at <%s> but it was at <%s>",
          actual.key(), expected, actual.lastModified());
    }
    return this;
  }

  /** The metadata {@code name} (case-insensitive) is set to {@code value}. */
  public BlobInfoAssert hasMetadata(String name, String value) {
    isNotNull();
    String actualValue = actual.metadata().get(name.toLowerCase(Locale.ROOT));
    if (!Objects.equals(actualValue, value)) {
      failWithMessage(
          "Expected blob <%s> to have metadata <%s=%s> but its metadata was <%s>",
          actual.key(), name, value, actual.metadata());
    }
    return this;
  }
}
