package dev.switchboard.storage;

import java.util.Objects;
import java.util.Optional;

/**
 * How to read a blob: the whole of it ({@link #defaults()}) or a part ({@link #range(ByteRange)}).
 *
 * <pre>{@code
 * try (Blob blob = store.get("video.mp4", GetOptions.range(ByteRange.of(0, 1023)))) { ... }
 * }</pre>
 */
public final class GetOptions {
  private static final GetOptions DEFAULTS = new GetOptions(null);

  private final ByteRange range;

  private GetOptions(ByteRange range) {
    this.range = range;
  }

  /** The whole blob. */
  public static GetOptions defaults() {
    return DEFAULTS;
  }

  /** Only the bytes of {@code range}. */
  public static GetOptions range(ByteRange range) {
    Objects.requireNonNull(range, "range == null");
    return new GetOptions(range);
  }

  /** The part to read; absent to read the whole blob. */
  public Optional<ByteRange> range() {
    return Optional.ofNullable(range);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GetOptions other && Objects.equals(range, other.range);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(range);
  }

  @Override
  public String toString() {
    return range == null ? "GetOptions[whole blob]" : "GetOptions[" + range.toHeaderValue() + "]";
  }
}
