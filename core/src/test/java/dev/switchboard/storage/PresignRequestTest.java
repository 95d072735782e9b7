package dev.switchboard.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PresignRequestTest {

  @Test
  void getAndPutCarryMethodAndExpiry() {
    PresignRequest get = PresignRequest.get(Duration.ofMinutes(15));
    assertThat(get.method()).isEqualTo(HttpMethod.GET);
    assertThat(get.expiry()).isEqualTo(Duration.ofMinutes(15));
    assertThat(get.contentType()).isEmpty();

    PresignRequest put = PresignRequest.put(Duration.ofDays(7)).withContentType("image/png");
    assertThat(put.method()).isEqualTo(HttpMethod.PUT);
    assertThat(put.contentType()).contains("image/png");
    assertThat(put)
        .isEqualTo(PresignRequest.put(Duration.ofDays(7)).withContentType("image/png"))
        .hasSameHashCodeAs(PresignRequest.put(Duration.ofDays(7)).withContentType("image/png"))
        .isNotEqualTo(PresignRequest.put(Duration.ofDays(7)))
        .hasToString("PresignRequest[PUT, expiry=PT168H, contentType=image/png]");
  }

  @Test
  void expiryMustBePositiveAndAtMostSevenDays() {
    for (Duration bad :
        new Duration[] {Duration.ZERO, Duration.ofSeconds(-1), Duration.ofDays(7).plusSeconds(1)}) {
      assertThatThrownBy(() -> PresignRequest.get(bad))
          .isInstanceOfSatisfying(
              InvalidRequestException.class, e -> assertThat(e.field()).contains("expiry"))
          .hasMessageContaining(bad.toString());
    }
    assertThatThrownBy(() -> PresignRequest.put(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void onlyUploadsCanBeBoundToAContentType() {
    assertThatThrownBy(() -> PresignRequest.get(Duration.ofMinutes(1)).withContentType("a/b"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("contentType"));
    assertThatThrownBy(() -> PresignRequest.put(Duration.ofMinutes(1)).withContentType("nope"))
        .isInstanceOf(InvalidRequestException.class);
  }
}
