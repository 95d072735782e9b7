package dev.switchboard.testkit;

import dev.switchboard.storage.BlobInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on what an {@link InMemoryBlobStore} holds. They read the store directly, so injected
 * failures do not affect them.
 *
 * <pre>{@code
 * new InMemoryBlobStoreAssert(store)
 *     .hasSize(1)
 *     .containsKey("a.txt")
 *     .hasContent("a.txt", "hello")
 *     .hasContentType("a.txt", "text/plain");
 * }</pre>
 */
public class InMemoryBlobStoreAssert
    extends AbstractAssert<InMemoryBlobStoreAssert, InMemoryBlobStore> {
  private static final int KEYS_SHOWN = 20;
  private static final int CONTENT_SHOWN = 200;

  public InMemoryBlobStoreAssert(InMemoryBlobStore actual) {
    super(actual, InMemoryBlobStoreAssert.class);
  }

  /** The store holds a blob under {@code key}. */
  public InMemoryBlobStoreAssert containsKey(String key) {
    info(key);
    return this;
  }

  /** The store holds no blob under {@code key}. */
  public InMemoryBlobStoreAssert doesNotContainKey(String key) {
    isNotNull();
    if (actual.peek(key).isPresent()) {
      failWithMessage(
          "Expected store <%s> not to contain key <%s> but it did", actual.provider(), key);
    }
    return this;
  }

  /** The blob under {@code key} holds exactly the UTF-8 encoding of {@code expected}. */
  public InMemoryBlobStoreAssert hasContent(String key, String expected) {
    Objects.requireNonNull(expected, "expected == null");
    return hasContent(key, expected.getBytes(StandardCharsets.UTF_8));
  }

  /** The blob under {@code key} holds exactly {@code expected}. */
  public InMemoryBlobStoreAssert hasContent(String key, byte[] expected) {
    Objects.requireNonNull(expected, "expected == null");
    BlobInfo info = info(key);
    byte[] content = info.size() == expected.length ? read(key) : null;
    if (content == null || !Arrays.equals(content, expected)) {
      failWithMessage(
          "Expected blob <%s> to hold %s but it held %s",
          key, describe(expected), content == null ? info.size() + " bytes" : describe(content));
    }
    return this;
  }

  /** The blob under {@code key} has the content type {@code expected}. */
  public InMemoryBlobStoreAssert hasContentType(String key, String expected) {
    String contentType = info(key).contentType().orElse(null);
    if (!Objects.equals(contentType, expected)) {
      failWithMessage(
          "Expected blob <%s> to have content type <%s> but it had <%s>",
          key, expected, contentType);
    }
    return this;
  }

  /**
   * The blob under {@code key} has metadata {@code name} (case-insensitive) set to {@code value}.
   */
  public InMemoryBlobStoreAssert hasMetadata(String key, String name, String value) {
    BlobInfo info = info(key);
    String actualValue = info.metadata().get(name.toLowerCase(Locale.ROOT));
    if (!Objects.equals(actualValue, value)) {
      failWithMessage(
          "Expected blob <%s> to have metadata <%s=%s> but its metadata was <%s>",
          key, name, value, info.metadata());
    }
    return this;
  }

  /** The store holds exactly {@code expected} blobs. */
  public InMemoryBlobStoreAssert hasSize(int expected) {
    isNotNull();
    List<String> keys = actual.keys();
    if (keys.size() != expected) {
      failWithMessage(
          "Expected store <%s> to hold %s blobs but it held %s: %s",
          actual.provider(), expected, keys.size(), summary(keys));
    }
    return this;
  }

  private BlobInfo info(String key) {
    isNotNull();
    return actual
        .peek(key)
        .orElseGet(
            () -> {
              failWithMessage(
                  "Expected store <%s> to contain key <%s> but it did not; it holds %s",
                  actual.provider(), key, summary(actual.keys()));
              return null;
            });
  }

  private byte[] read(String key) {
    try (InputStream in = actual.peekContent(key).orElseThrow()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String summary(List<String> keys) {
    if (keys.size() <= KEYS_SHOWN) {
      return keys.toString();
    }
    return keys.subList(0, KEYS_SHOWN) + " and " + (keys.size() - KEYS_SHOWN) + " more";
  }

  /** Short text as text; otherwise only the size, so a failure never floods the log. */
  private static String describe(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    boolean printable =
        bytes.length <= CONTENT_SHOWN
            && Arrays.equals(text.getBytes(StandardCharsets.UTF_8), bytes)
            && text.codePoints().noneMatch(Character::isISOControl);
    return printable ? "\"" + text + "\"" : bytes.length + " bytes";
  }
}
