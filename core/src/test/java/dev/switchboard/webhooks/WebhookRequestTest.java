package dev.switchboard.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookRequestTest {
  @Test
  void looksHeadersUpWithoutRegardToCase() {
    WebhookRequest request =
        WebhookRequest.builder().header("X-Signature", "abc").body("{}").build();

    assertThat(request.header("x-signature")).contains("abc");
    assertThat(request.header("X-SIGNATURE")).contains("abc");
    assertThat(request.header("missing")).isEmpty();
  }

  @Test
  void keepsEveryValueOfARepeatedHeaderInOrder() {
    WebhookRequest request = WebhookRequest.of(Map.of("Sig", List.of("one", "two")), new byte[0]);

    assertThat(request.headerValues("sig")).containsExactly("one", "two");
    assertThat(request.header("SIG")).contains("one");
    assertThat(request.headerValues("absent")).isEmpty();
  }

  @Test
  void namesThatDifferOnlyInCaseAreOneHeader() {
    WebhookRequest request =
        WebhookRequest.builder().header("Sig", "one").header("SIG", "two").build();

    assertThat(request.headerValues("sig")).containsExactly("one", "two");
    assertThat(request.headers()).hasSize(1);
  }

  @Test
  void keepsTheRawBytesAndIsNotChangedByTheCaller() {
    byte[] raw = "{\"a\": 1}\r\n".getBytes(StandardCharsets.UTF_8);
    WebhookRequest request = WebhookRequest.builder().body(raw).build();
    raw[0] = 'X';
    request.body()[1] = 'Y';

    assertThat(request.bodyAsString()).isEqualTo("{\"a\": 1}\r\n");
    assertThat(request.bodyLength()).isEqualTo(10);
  }

  @Test
  void toStringShowsNoHeaderValueOrBody() {
    WebhookRequest request =
        WebhookRequest.builder().header("Sig", "t=1,v1=secretish").body("{\"card\":1}").build();

    assertThat(request.toString()).contains("Sig").doesNotContain("secretish", "card");
  }

  @Test
  void rejectsBlankHeaderNamesAndNullValues() {
    assertThatThrownBy(() -> WebhookRequest.builder().header(" ", "v"))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> WebhookRequest.builder().header("Sig", null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("Sig");
  }

  @Test
  void eventRequiresItsIdentityAndHidesRawJsonFromToString() {
    WebhookEvent event =
        new WebhookEvent(
            "evt_1",
            "acme",
            WebhookEventTypes.PAYMENT_SUCCEEDED,
            "charge.done",
            Instant.EPOCH,
            "pay_1",
            "{\"email\":\"ann@example.com\"}");

    assertThat(event.subject()).contains("pay_1");
    assertThat(event.isKnownType()).isTrue();
    assertThat(event.toString()).contains("evt_1").doesNotContain("ann@example.com");
    assertThatThrownBy(
            () -> new WebhookEvent(" ", "acme", "unknown", "x", Instant.EPOCH, null, "{}"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("id");
  }
}
