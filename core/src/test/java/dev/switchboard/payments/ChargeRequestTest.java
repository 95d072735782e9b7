package dev.switchboard.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChargeRequestTest {
  private static final Money PRICE = Money.of("12.34", "EUR");
  private static final PaymentSource CARD = PaymentSource.token("stripe", "pm_1234567890");

  private static ChargeRequest.Builder valid() {
    return ChargeRequest.builder().amount(PRICE).source(CARD);
  }

  @Test
  void defaultsToAutomaticCaptureNoExtrasAndARandomKey() {
    ChargeRequest request = valid().build();

    assertThat(request.amount()).isEqualTo(PRICE);
    assertThat(request.source()).isEqualTo(CARD);
    assertThat(request.captureMode()).isEqualTo(CaptureMode.AUTOMATIC);
    assertThat(request.description()).isEmpty();
    assertThat(request.customerReference()).isEmpty();
    assertThat(request.statementDescriptor()).isEmpty();
    assertThat(request.metadata()).isEmpty();
    assertThat(request.idempotencyKey()).isNotNull();
    assertThat(valid().build().idempotencyKey()).isNotEqualTo(request.idempotencyKey());
  }

  @Test
  void keepsEveryValueGiven() {
    IdempotencyKey key = IdempotencyKey.of("order-42");

    ChargeRequest request =
        valid()
            .captureMode(CaptureMode.MANUAL)
            .description("Order 42")
            .customerReference("cust-7")
            .statementDescriptor("SHOP ORDER 42")
            .putMetadata("order", "42")
            .putMetadata("channel", "web")
            .idempotencyKey(key)
            .build();

    assertThat(request.captureMode()).isEqualTo(CaptureMode.MANUAL);
    assertThat(request.description()).contains("Order 42");
    assertThat(request.customerReference()).contains("cust-7");
    assertThat(request.statementDescriptor()).contains("SHOP ORDER 42");
    assertThat(request.metadata())
        .containsExactly(Map.entry("order", "42"), Map.entry("channel", "web"));
    assertThat(request.idempotencyKey()).isEqualTo(key);
  }

  @Test
  void requiresAPositiveAmountAndASource() {
    assertThatThrownBy(() -> ChargeRequest.builder().source(CARD).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("amount must be set");
    assertThatThrownBy(() -> ChargeRequest.builder().amount(PRICE).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("source must be set");
    assertThatThrownBy(() -> valid().amount(Money.ofMinor(0, "EUR")))
        .hasMessageStartingWith("amount must be more than zero, got 0.00 EUR");
    assertThatThrownBy(() -> valid().amount(null)).hasMessageStartingWith("amount == null");
    assertThatThrownBy(() -> valid().source(null)).hasMessageStartingWith("source == null");
    assertThatThrownBy(() -> valid().captureMode(null))
        .hasMessageStartingWith("captureMode == null");
    assertThatThrownBy(() -> valid().idempotencyKey(null))
        .hasMessageStartingWith("idempotencyKey == null");
  }

  @Test
  void rejectsBlankTextButAcceptsNullToClear() {
    assertThatThrownBy(() -> valid().description(" "))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("description is blank");
    assertThatThrownBy(() -> valid().customerReference(""))
        .hasMessageStartingWith("customerReference is blank");

    assertThat(valid().description("x").description(null).build().description()).isEmpty();
  }

  @Test
  void acceptsAStatementDescriptorOfTwentyTwoCharacters() {
    String descriptor = "A".repeat(22);

    assertThat(valid().statementDescriptor(descriptor).build().statementDescriptor())
        .contains(descriptor);
  }

  @Test
  void rejectsALongerStatementDescriptor() {
    assertThatThrownBy(() -> valid().statementDescriptor("A".repeat(23)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("statementDescriptor is 23 characters, more than the 22 allowed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"SHOP <1>", "SHOP \"X\"", "SHOP'S", "A>B"})
  void rejectsStatementDescriptorsWithMarkupCharacters(String descriptor) {
    assertThatThrownBy(() -> valid().statementDescriptor(descriptor))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("statementDescriptor may not contain")
        .satisfies(
            e -> assertThat(((InvalidRequestException) e).field()).contains("statementDescriptor"));
  }

  @Test
  void acceptsMetadataAtItsLimits() {
    Map<String, String> metadata = new LinkedHashMap<>();
    for (int i = 0; i < 49; i++) {
      metadata.put("k" + i, "v");
    }
    metadata.put("k".repeat(40), "v".repeat(500));

    assertThat(valid().metadata(metadata).build().metadata()).hasSize(50);
  }

  @Test
  void rejectsMetadataBeyondItsLimits() {
    Map<String, String> tooMany = new HashMap<>();
    for (int i = 0; i < 51; i++) {
      tooMany.put("k" + i, "v");
    }

    assertThatThrownBy(() -> valid().metadata(tooMany).build())
        .hasMessageStartingWith("metadata holds 51 entries, more than the 50 allowed");
    assertThatThrownBy(() -> valid().putMetadata("k".repeat(41), "v").build())
        .hasMessageContaining("is 41 characters, more than the 40 allowed");
    assertThatThrownBy(() -> valid().putMetadata("k", "v".repeat(501)).build())
        .hasMessageStartingWith("metadata value for \"k\" is 501 characters");
    assertThatThrownBy(() -> valid().putMetadata(" ", "v").build())
        .hasMessageStartingWith("metadata key is blank");
    assertThatThrownBy(() -> valid().putMetadata("k", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("metadata value for \"k\" == null");
    assertThatThrownBy(() -> valid().putMetadata(null, "v"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("metadata key == null");
    assertThatThrownBy(() -> valid().metadata(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("metadata == null");
  }

  @Test
  void handsOutUnmodifiableMetadataDetachedFromTheCaller() {
    Map<String, String> metadata = new HashMap<>(Map.of("order", "42"));
    ChargeRequest request = valid().metadata(metadata).build();

    metadata.put("order", "43");

    assertThat(request.metadata()).containsEntry("order", "42");
    assertThatThrownBy(() -> request.metadata().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void tellsSameParametersApartFromTheKey() {
    ChargeRequest first = valid().putMetadata("order", "42").build();
    ChargeRequest sameWithOtherKey =
        first.toBuilder().idempotencyKey(IdempotencyKey.random()).build();
    ChargeRequest otherAmount = first.toBuilder().amount(Money.of("1.00", "EUR")).build();

    assertThat(first.sameParametersAs(sameWithOtherKey)).isTrue();
    assertThat(first).isNotEqualTo(sameWithOtherKey);
    assertThat(first.sameParametersAs(otherAmount)).isFalse();
    assertThat(first.sameParametersAs(first.toBuilder().putMetadata("x", "y").build())).isFalse();
    assertThat(first.sameParametersAs(first.toBuilder().captureMode(CaptureMode.MANUAL).build()))
        .isFalse();
    assertThat(first.sameParametersAs(null)).isFalse();
    assertThat(first.toBuilder().build()).isEqualTo(first).hasSameHashCodeAs(first);
  }

  @Test
  void printsNeitherTheFullTokenNorFreeText() {
    ChargeRequest request =
        valid().description("secret plan").putMetadata("email", "a@b.example").build();

    assertThat(request.toString())
        .contains("12.34 EUR", "stripe=****7890", "AUTOMATIC", "1 entries")
        .doesNotContain("pm_1234567890", "secret plan", "a@b.example");
  }
}
