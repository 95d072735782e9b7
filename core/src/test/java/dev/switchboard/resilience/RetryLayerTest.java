package dev.switchboard.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.payments.FailureCode;
import org.junit.jupiter.api.Test;

class RetryLayerTest {
  private static ProviderUnavailableException refusal(RefusalReason reason) {
    return new ProviderUnavailableException("refused", Failures.NOT_SENT, new LocalRefusal(reason));
  }

  @Test
  void surfacesTheLastFailureWhenNothingEarlierOutranksIt() {
    ProviderUnavailableException last = Failures.unavailable();

    SwitchboardException surfaced = RetryLayer.surfaced(last, last, null);

    assertThat(surfaced).isSameAs(last);
    assertThat(last.getSuppressed()).isEmpty();
  }

  @Test
  void anEarlierUnknownOutcomeOutranksALaterFailureThatDoesNotSettleIt() {
    OutcomeUnknownException unknown = Failures.unknown();
    ProviderUnavailableException last = Failures.unavailable();

    SwitchboardException surfaced = RetryLayer.surfaced(last, last, unknown);

    assertThat(surfaced).isSameAs(unknown);
    assertThat(unknown.getSuppressed()).containsExactly(last);
  }

  @Test
  void aDeclineAfterAnUnknownOutcomeSettlesItAndIsSurfaced() {
    OutcomeUnknownException unknown = Failures.unknown();
    SwitchboardException declined = Failures.declined(FailureCode.CARD_DECLINED);

    assertThat(RetryLayer.surfaced(declined, declined, unknown)).isSameAs(declined);
    assertThat(unknown.getSuppressed()).isEmpty();
  }

  @Test
  void theProvidersOwnFailureOutranksTheLaterRefusalOfTheRetry() {
    ProviderUnavailableException fromProvider = Failures.unavailable();
    ProviderUnavailableException refused = refusal(RefusalReason.BREAKER_OPEN);

    SwitchboardException surfaced = RetryLayer.surfaced(refused, fromProvider, null);

    assertThat(surfaced).isSameAs(fromProvider);
    assertThat(fromProvider.getSuppressed()).containsExactly(refused);
  }

  @Test
  void aRefusalOfTheFirstAttemptIsSurfacedAsItself() {
    ProviderUnavailableException refused = refusal(RefusalReason.BULKHEAD_FULL);

    assertThat(RetryLayer.surfaced(refused, null, null)).isSameAs(refused);
  }
}
