package dev.switchboard.storage;

import dev.switchboard.InvalidRequestException;
import java.util.Comparator;

/**
 * The rules every {@link BlobStore} applies to keys and prefixes, and the order listings follow.
 *
 * <p>A key is 1 to {@value #MAX_KEY_BYTES} bytes of UTF-8, with no lone surrogate and no ISO
 * control character (U+0000 to U+001F and U+007F to U+009F: NUL, CR, LF, DEL and their kin). Any
 * other text is a legal key, including keys that look like paths but are not: {@code "a/../b"},
 * {@code "a//b"}, {@code "./x"}, leading or trailing spaces, emoji. Stores treat keys as opaque
 * strings and never normalise them.
 *
 * <pre>{@code
 * BlobKeys.requireValid("invoices/2024/ 42 .pdf"); // fine
 * BlobKeys.requireValid("bad\nkey");               // InvalidRequestException, field "key"
 * keys.sort(BlobKeys.utf8Order());                 // the order list() returns
 * }</pre>
 */
public final class BlobKeys {
  /** The longest key, in bytes of UTF-8, as S3 and most object stores allow. */
  public static final int MAX_KEY_BYTES = 1024;

  private static final Comparator<String> UTF8_ORDER = BlobKeys::compareUtf8;

  private BlobKeys() {}

  /**
   * Returns {@code key} when it is a legal key, and rejects it otherwise.
   *
   * @throws InvalidRequestException with field {@code key} when the key is empty, too long, or
   *     holds a lone surrogate or a control character
   * @throws NullPointerException if the key is null
   */
  public static String requireValid(String key) {
    return requireValid("key", key);
  }

  /**
   * Returns {@code key} when it is a legal key, and otherwise rejects it naming {@code field} (such
   * as {@code fromKey}).
   */
  public static String requireValid(String field, String key) {
    if (key == null) {
      throw new NullPointerException(field + " == null");
    }
    if (key.isEmpty()) {
      throw InvalidRequestException.invalidField(field, field + " must not be empty");
    }
    return checkText(field, key);
  }

  /**
   * Returns {@code prefix} when it could begin a legal key: like a key, except that it may be empty
   * (which matches every key).
   */
  public static String requireValidPrefix(String field, String prefix) {
    if (prefix == null) {
      throw new NullPointerException(field + " == null");
    }
    return checkText(field, prefix);
  }

  private static String checkText(String field, String text) {
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i += 2;
        continue;
      }
      if (Character.isSurrogate(c)) {
        throw InvalidRequestException.invalidField(
            field,
            field + " holds a lone surrogate " + codePoint(c) + " at index " + i + "; not UTF-16");
      }
      if (Character.isISOControl(c)) {
        throw InvalidRequestException.invalidField(
            field, field + " holds the control character " + codePoint(c) + " at index " + i);
      }
      i++;
    }
    int bytes = utf8Length(text);
    if (bytes > MAX_KEY_BYTES) {
      throw InvalidRequestException.invalidField(
          field,
          field + " is " + bytes + " bytes in UTF-8; the limit is " + MAX_KEY_BYTES + " bytes");
    }
    return text;
  }

  private static String codePoint(char c) {
    return String.format("U+%04X", (int) c);
  }

  /** The number of bytes {@code text} takes in UTF-8, without encoding it. */
  public static int utf8Length(CharSequence text) {
    int bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /**
   * Compares two strings by their UTF-8 bytes, the order S3 lists keys in. It differs from {@link
   * String#compareTo} for characters beyond U+FFFF, which UTF-16 sorts before U+E000..U+FFFF.
   */
  public static int compareUtf8(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** A comparator for {@link #compareUtf8}: the order every store's listing follows. */
  public static Comparator<String> utf8Order() {
    return UTF8_ORDER;
  }
}
