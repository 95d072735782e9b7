package dev.switchboard.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import java.util.OptionalLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ByteRangeTest {

  @Test
  void rendersTheThreeHeaderForms() {
    assertThat(ByteRange.of(0, 99).toHeaderValue()).isEqualTo("bytes=0-99");
    assertThat(ByteRange.from(100).toHeaderValue()).isEqualTo("bytes=100-");
    assertThat(ByteRange.last(50).toHeaderValue()).isEqualTo("bytes=-50");
    assertThat(ByteRange.of(3, 3)).hasToString("ByteRange[bytes=3-3]");
  }

  @Test
  void exposesItsEnds() {
    ByteRange closed = ByteRange.of(2, 5);
    assertThat(closed.firstByte()).isEqualTo(OptionalLong.of(2));
    assertThat(closed.lastByte()).isEqualTo(OptionalLong.of(5));
    assertThat(closed.length()).isEqualTo(OptionalLong.of(4));
    assertThat(closed.suffixLength()).isEmpty();

    ByteRange open = ByteRange.from(7);
    assertThat(open.firstByte()).isEqualTo(OptionalLong.of(7));
    assertThat(open.lastByte()).isEmpty();
    assertThat(open.length()).isEmpty();

    ByteRange suffix = ByteRange.last(9);
    assertThat(suffix.firstByte()).isEmpty();
    assertThat(suffix.suffixLength()).isEqualTo(OptionalLong.of(9));
  }

  @Test
  void rejectsNegativeStartsBackwardRangesAndEmptySuffixes() {
    assertRangeRejected(() -> ByteRange.of(-1, 3), "start must be >= 0");
    assertRangeRejected(() -> ByteRange.of(5, 4), "before its start");
    assertRangeRejected(() -> ByteRange.from(-2), "start must be >= 0");
    assertRangeRejected(() -> ByteRange.last(0), "length > 0");
    assertRangeRejected(() -> ByteRange.last(-3), "length > 0");
  }

  @Test
  void resolvesAgainstTheBlobSize() {
    assertThat(ByteRange.of(0, 99).resolve(1000)).isEqualTo(ByteRange.of(0, 99));
    assertThat(ByteRange.of(990, 2000).resolve(1000)).isEqualTo(ByteRange.of(990, 999));
    assertThat(ByteRange.from(100).resolve(1000)).isEqualTo(ByteRange.of(100, 999));
    assertThat(ByteRange.last(50).resolve(1000)).isEqualTo(ByteRange.of(950, 999));
    assertThat(ByteRange.last(5000).resolve(1000)).isEqualTo(ByteRange.of(0, 999));
    assertThat(ByteRange.from(999).resolve(1000)).isEqualTo(ByteRange.of(999, 999));
  }

  @Test
  void rangeStartingAtOrBeyondTheEndIsUnsatisfiable() {
    assertRangeRejected(() -> ByteRange.from(1000).resolve(1000), "starts at or beyond the end");
    assertRangeRejected(() -> ByteRange.of(1500, 1600).resolve(1000), "bytes=1500-1600");
    assertRangeRejected(() -> ByteRange.last(1).resolve(0), "empty blob");
    assertThatThrownBy(() -> ByteRange.from(0).resolve(-1))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void equalityFollowsTheForm() {
    assertThat(ByteRange.of(1, 2))
        .isEqualTo(ByteRange.of(1, 2))
        .hasSameHashCodeAs(ByteRange.of(1, 2));
    assertThat(ByteRange.from(1)).isNotEqualTo(ByteRange.of(1, 2));
    assertThat(ByteRange.last(1)).isNotEqualTo(ByteRange.from(1)).isNotEqualTo("bytes=-1");
  }

  private static void assertRangeRejected(ThrowingCallable call, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("range"))
        .hasMessageContaining(message);
  }
}
