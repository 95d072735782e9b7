package dev.switchboard.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SendResultTest {
  private static final Instant AT = Instant.parse("2030-01-01T00:00:00Z");

  @Test
  void carriesProviderMessageIdTimeAndOptionalRequestId() {
    SendResult plain = SendResult.of("fake", "msg-1", AT);
    assertThat(plain.provider()).isEqualTo("fake");
    assertThat(plain.messageId()).isEqualTo("msg-1");
    assertThat(plain.acceptedAt()).isEqualTo(AT);
    assertThat(plain.vendorRequestId()).isEmpty();
    assertThat(SendResult.of("fake", "msg-1", AT, "req-9").vendorRequestId()).contains("req-9");
  }

  @Test
  void comparesByValue() {
    assertThat(SendResult.of("fake", "m", AT))
        .isEqualTo(SendResult.of("fake", "m", AT))
        .hasSameHashCodeAs(SendResult.of("fake", "m", AT))
        .isNotEqualTo(SendResult.of("fake", "m", AT, "r"))
        .isNotEqualTo(SendResult.of("fake", "n", AT));
  }

  @Test
  void rejectsMissingValuesNamingTheField() {
    assertThatThrownBy(() -> SendResult.of(" ", "m", AT))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("provider"));
    assertThatThrownBy(() -> SendResult.of("fake", null, AT))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).contains("messageId"));
    assertThatThrownBy(() -> SendResult.of("fake", "m", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("acceptedAt");
  }

  @Test
  void toStringNamesEveryPart() {
    assertThat(SendResult.of("fake", "m", AT, "r"))
        .hasToString(
            "SendResult{provider=fake, messageId=m, acceptedAt=2030-01-01T00:00:00Z, vendorRequestId=r}");
  }
}
