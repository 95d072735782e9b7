package dev.switchboard.storage;

import dev.switchboard.InvalidRequestException;
import java.util.OptionalLong;

/**
 * A part of a blob to read, in the three forms HTTP range requests know: from one byte to another,
 * from a byte to the end, or the last N bytes. Byte positions count from 0 and both ends are
 * inclusive, as in the {@code Range} header.
 *
 * <pre>{@code
 * ByteRange.of(0, 99);   // the first 100 bytes:  bytes=0-99
 * ByteRange.from(100);   // byte 100 to the end:  bytes=100-
 * ByteRange.last(50);    // the last 50 bytes:    bytes=-50
 * }</pre>
 *
 * <p>A range reaching past the end of a blob is cut at the end; one that starts at or beyond the
 * end cannot be satisfied ({@link #resolve(long)}), which stores report as an {@link
 * InvalidRequestException} with field {@code range}, like S3's 416.
 */
public final class ByteRange {
  private static final long NONE = -1;

  private final long first;
  private final long last;
  private final long suffixLength;

  private ByteRange(long first, long last, long suffixLength) {
    this.first = first;
    this.last = last;
    this.suffixLength = suffixLength;
  }

  /** Bytes {@code first} to {@code lastInclusive}, both counted from 0. */
  public static ByteRange of(long first, long lastInclusive) {
    requireFirst(first);
    if (lastInclusive < first) {
      throw InvalidRequestException.invalidField(
          "range", "range end " + lastInclusive + " is before its start " + first);
    }
    return new ByteRange(first, lastInclusive, NONE);
  }

  /** Byte {@code first} to the end of the blob. */
  public static ByteRange from(long first) {
    requireFirst(first);
    return new ByteRange(first, NONE, NONE);
  }

  /** The last {@code n} bytes of the blob, or all of it when it is shorter. */
  public static ByteRange last(long n) {
    if (n <= 0) {
      throw InvalidRequestException.invalidField(
          "range", "a suffix range needs a length > 0, was " + n);
    }
    return new ByteRange(NONE, NONE, n);
  }

  private static void requireFirst(long first) {
    if (first < 0) {
      throw InvalidRequestException.invalidField("range", "range start must be >= 0, was " + first);
    }
  }

  /** The first byte's position; absent for a suffix range. */
  public OptionalLong firstByte() {
    return first == NONE ? OptionalLong.empty() : OptionalLong.of(first);
  }

  /** The last byte's position (inclusive); absent for open-ended and suffix ranges. */
  public OptionalLong lastByte() {
    return last == NONE ? OptionalLong.empty() : OptionalLong.of(last);
  }

  /** How many bytes a suffix range asks for; absent for the other forms. */
  public OptionalLong suffixLength() {
    return suffixLength == NONE ? OptionalLong.empty() : OptionalLong.of(suffixLength);
  }

  /** The number of bytes when both ends are known; absent for open-ended and suffix ranges. */
  public OptionalLong length() {
    return last == NONE ? OptionalLong.empty() : OptionalLong.of(last - first + 1);
  }

  /**
   * The bytes this range selects from a blob of {@code size} bytes, as a range with both ends
   * known: a range past the end is cut at the end, a suffix longer than the blob is the whole blob.
   *
   * @throws InvalidRequestException with field {@code range} when the range starts at or beyond the
   *     end (any range of an empty blob does)
   */
  public ByteRange resolve(long size) {
    if (size < 0) {
      throw InvalidRequestException.invalidField("size", "size must be >= 0, was " + size);
    }
    if (size == 0) {
      throw InvalidRequestException.invalidField(
          "range", "range " + toHeaderValue() + " cannot be satisfied by an empty blob");
    }
    if (suffixLength != NONE) {
      return new ByteRange(Math.max(0, size - suffixLength), size - 1, NONE);
    }
    if (first >= size) {
      throw InvalidRequestException.invalidField(
          "range",
          "range "
              + toHeaderValue()
              + " starts at or beyond the end of a blob of "
              + size
              + " bytes");
    }
    long end = last == NONE ? size - 1 : Math.min(last, size - 1);
    return new ByteRange(first, end, NONE);
  }

  /**
   * The value of an HTTP {@code Range} header: {@code bytes=0-99}, {@code bytes=100-}, {@code
   * bytes=-50}.
   */
  public String toHeaderValue() {
    if (suffixLength != NONE) {
      return "bytes=-" + suffixLength;
    }
    return "bytes=" + first + "-" + (last == NONE ? "" : Long.toString(last));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ByteRange other
        && first == other.first
        && last == other.last
        && suffixLength == other.suffixLength;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(first) * 961 + Long.hashCode(last) * 31 + Long.hashCode(suffixLength);
  }

  @Override
  public String toString() {
    return "ByteRange[" + toHeaderValue() + "]";
  }
}
