package dev.switchboard.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GetOptionsTest {

  @Test
  void defaultsReadTheWholeBlob() {
    assertThat(GetOptions.defaults().range()).isEmpty();
    assertThat(GetOptions.defaults()).hasToString("GetOptions[whole blob]");
  }

  @Test
  void rangeIsKept() {
    GetOptions options = GetOptions.range(ByteRange.last(10));
    assertThat(options.range()).contains(ByteRange.last(10));
    assertThat(options)
        .isEqualTo(GetOptions.range(ByteRange.last(10)))
        .hasSameHashCodeAs(GetOptions.range(ByteRange.last(10)))
        .isNotEqualTo(GetOptions.defaults())
        .hasToString("GetOptions[bytes=-10]");
  }

  @Test
  void rejectsNullRange() {
    assertThatThrownBy(() -> GetOptions.range(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("range");
  }
}
