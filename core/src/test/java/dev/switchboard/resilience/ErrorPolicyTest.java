package dev.switchboard.resilience;

import static dev.switchboard.resilience.Failures.NOT_SENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.AllProvidersUnavailableException;
import dev.switchboard.ConflictException;
import dev.switchboard.ErrorContext;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.RateLimitedException;
import dev.switchboard.SwitchboardException;
import dev.switchboard.WebhookVerificationException;
import dev.switchboard.payments.FailureCode;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ErrorPolicyTest {
  private static final ProviderUnavailableException BREAKER_OPEN =
      new ProviderUnavailableException(
          "circuit breaker open",
          NOT_SENT,
          CallNotPermittedException.createCallNotPermittedException(
              CircuitBreaker.ofDefaults("acme")));
  private static final ProviderUnavailableException BULKHEAD_FULL =
      new ProviderUnavailableException(
          "bulkhead full",
          NOT_SENT,
          BulkheadFullException.createBulkheadFullException(Bulkhead.ofDefaults("acme")));
  private static final RateLimitedException CLIENT_RATE_LIMIT =
      new RateLimitedException(
          "client-side rate limit reached",
          NOT_SENT,
          Duration.ofMillis(10),
          RequestNotPermitted.createRequestNotPermitted(RateLimiter.ofDefaults("acme")));
  private static final RateLimitedException QUOTA =
      new RateLimitedException(
          "quota", NOT_SENT, Duration.ofSeconds(9), new LocalRefusal(RefusalReason.QUOTA_RESERVE));

  @Test
  void aRetryHintIsTheRateLimitsOrTheOpenBreakersAndForEveryProviderOutTheSoonest() {
    java.time.Instant now = java.time.Instant.parse("2026-12-06T12:00:00Z");
    ProviderUnavailableException openFor20s =
        new ProviderUnavailableException(
            "circuit breaker open",
            NOT_SENT,
            new LocalRefusal(RefusalReason.BREAKER_OPEN, now.plusSeconds(20), null));
    RateLimitedException limited60s = Failures.rateLimited(Duration.ofSeconds(60));

    assertThat(ErrorPolicy.retryAfter(limited60s, now)).contains(Duration.ofSeconds(60));
    assertThat(ErrorPolicy.retryAfter(openFor20s, now)).contains(Duration.ofSeconds(20));
    assertThat(ErrorPolicy.retryAfter(openFor20s, now.plusSeconds(25))).isEmpty();
    assertThat(ErrorPolicy.retryAfter(BREAKER_OPEN, now)).as("no known end").isEmpty();
    assertThat(ErrorPolicy.retryAfter(Failures.unavailable(), now)).isEmpty();
    assertThat(
            ErrorPolicy.retryAfter(
                new dev.switchboard.AllProvidersUnavailableException(
                    "all out", NOT_SENT, java.util.List.of(limited60s, openFor20s)),
                now))
        .contains(Duration.ofSeconds(20));
    assertThat(
            ErrorPolicy.retryAfter(
                new dev.switchboard.AllProvidersUnavailableException(
                    "all out", NOT_SENT, java.util.List.of(limited60s, Failures.unavailable())),
                now))
        .as("a provider that gave no hint may take the call at once")
        .isEmpty();
    dev.switchboard.OutcomeUnknownException repeatRefused =
        new dev.switchboard.OutcomeUnknownException("earlier attempt", NOT_SENT, openFor20s);
    assertThat(ErrorPolicy.retryAfter(repeatRefused, now)).contains(Duration.ofSeconds(20));
  }

  @Test
  void retriesOnlyTheFailuresThatMayStillSucceedOnTheSameProvider() {
    assertThat(ErrorPolicy.retryRule(Failures.rateLimited(Duration.ofSeconds(1))))
        .isEqualTo(ErrorPolicy.RetryRule.AFTER_HINT);
    assertThat(ErrorPolicy.retryRule(Failures.unavailable()))
        .isEqualTo(ErrorPolicy.RetryRule.AFTER_BACKOFF);
    assertThat(ErrorPolicy.retryRule(Failures.unknown()))
        .isEqualTo(ErrorPolicy.RetryRule.AFTER_BACKOFF);
    assertThat(ErrorPolicy.retryRule(Failures.authentication()))
        .isEqualTo(ErrorPolicy.RetryRule.ONCE_AFTER_CREDENTIAL_REFRESH);

    for (Throwable never :
        List.of(
            Failures.invalid(),
            Failures.conflict(),
            Failures.notFound(),
            Failures.declined(FailureCode.CARD_DECLINED),
            webhookFailure(),
            allUnavailable(),
            new IllegalStateException("adapter bug"))) {
      assertThat(ErrorPolicy.retryRule(never))
          .as(never.toString())
          .isEqualTo(ErrorPolicy.RetryRule.NEVER);
      assertThat(ErrorPolicy.isRetryable(never)).isFalse();
    }
  }

  @Test
  void theVendorsRetryHintOverridesTheTable() {
    ErrorContext saysNo = Failures.SENT.toBuilder().vendorRetryHint(false).build();
    ErrorContext saysYes = Failures.SENT.toBuilder().vendorRetryHint(true).build();

    assertThat(ErrorPolicy.retryRule(new OutcomeUnknownException("500", saysNo)))
        .isEqualTo(ErrorPolicy.RetryRule.NEVER);
    assertThat(ErrorPolicy.retryRule(new ConflictException("lock timeout", saysYes)))
        .isEqualTo(ErrorPolicy.RetryRule.AFTER_BACKOFF);
    assertThat(ErrorPolicy.retryRule(new RateLimitedException("429", saysYes, null)))
        .as("a hint to retry keeps the class's own way of retrying")
        .isEqualTo(ErrorPolicy.RetryRule.AFTER_HINT);
    assertThat(ErrorPolicy.retryRule(Failures.conflict())).isEqualTo(ErrorPolicy.RetryRule.NEVER);
  }

  @Test
  void neverRetriesWhatThePolicyRefusedItself() {
    for (SwitchboardException refusal :
        List.of(BREAKER_OPEN, BULKHEAD_FULL, CLIENT_RATE_LIMIT, QUOTA)) {
      assertThat(ErrorPolicy.isRetryable(refusal)).as(refusal.reason()).isFalse();
    }
  }

  @Test
  void countsOnlyUnhealthyProviderFailuresForTheBreaker() {
    assertThat(ErrorPolicy.countsForBreaker(Failures.authentication())).isTrue();
    assertThat(ErrorPolicy.countsForBreaker(Failures.unavailable())).isTrue();
    assertThat(ErrorPolicy.countsForBreaker(Failures.unknown())).isTrue();

    assertThat(ErrorPolicy.countsForBreaker(Failures.rateLimited(null))).isFalse();
    assertThat(ErrorPolicy.countsForBreaker(Failures.declined(FailureCode.INSUFFICIENT_FUNDS)))
        .isFalse();
    assertThat(ErrorPolicy.countsForBreaker(Failures.invalid())).isFalse();
    assertThat(ErrorPolicy.countsForBreaker(Failures.notFound())).isFalse();
    assertThat(ErrorPolicy.countsForBreaker(new IllegalStateException())).isFalse();
  }

  @Test
  void doesNotCountItsOwnRefusalsForTheBreaker() {
    assertThat(ErrorPolicy.countsForBreaker(BREAKER_OPEN)).isFalse();
    assertThat(ErrorPolicy.countsForBreaker(BULKHEAD_FULL)).isFalse();
  }

  @Test
  void namesWhyThePolicyRefusedACall() {
    assertThat(ErrorPolicy.localRefusal(BREAKER_OPEN)).contains(RefusalReason.BREAKER_OPEN);
    assertThat(ErrorPolicy.localRefusal(BULKHEAD_FULL)).contains(RefusalReason.BULKHEAD_FULL);
    assertThat(ErrorPolicy.localRefusal(CLIENT_RATE_LIMIT)).contains(RefusalReason.RATE_LIMITED);
    assertThat(ErrorPolicy.localRefusal(QUOTA)).contains(RefusalReason.QUOTA_RESERVE);
    assertThat(ErrorPolicy.localRefusal(Failures.unavailable())).isEmpty();
    assertThat(ErrorPolicy.localRefusal(Failures.rateLimited(null))).isEmpty();
    assertThat(ErrorPolicy.localRefusal(Failures.unknown())).isEmpty();
    assertThat(
            ErrorPolicy.localRefusal(
                new ProviderUnavailableException(
                    "connect refused", NOT_SENT, new java.io.IOException("refused"))))
        .isEmpty();
  }

  @Test
  void failsOverThrottledAndUnavailableProvidersEverywhere() {
    for (FailoverScope scope : everyScope()) {
      assertThat(ErrorPolicy.mayFailOver(Failures.rateLimited(null), scope)).isTrue();
      assertThat(ErrorPolicy.mayFailOver(Failures.unavailable(), scope)).isTrue();
      assertThat(ErrorPolicy.mayFailOver(BREAKER_OPEN, scope)).isTrue();
      assertThat(ErrorPolicy.mayFailOver(BULKHEAD_FULL, scope)).isTrue();
    }
  }

  @Test
  void neverFailsOverAPaymentWhoseOutcomeIsUnknown() {
    assertThat(ErrorPolicy.mayFailOver(Failures.unknown(), FailoverScope.payment())).isFalse();
    assertThat(
            ErrorPolicy.mayFailOver(
                Failures.unknown(), FailoverScope.payment(EnumSet.allOf(FailureCode.class))))
        .isFalse();
  }

  @Test
  void failsOverAnUnknownOutcomeOnlyWhereTheScopeAllowsIt() {
    assertThat(ErrorPolicy.mayFailOver(Failures.unknown(), FailoverScope.email(false))).isFalse();
    assertThat(ErrorPolicy.mayFailOver(Failures.unknown(), FailoverScope.email(true))).isTrue();
    assertThat(ErrorPolicy.mayFailOver(Failures.unknown(), FailoverScope.storageRead())).isTrue();
    assertThat(ErrorPolicy.mayFailOver(Failures.unknown(), FailoverScope.storageWrite(false)))
        .isFalse();
    assertThat(ErrorPolicy.mayFailOver(Failures.unknown(), FailoverScope.storageWrite(true)))
        .isTrue();
  }

  @Test
  void neverFailsOverWhatAnotherProviderCannotFix() {
    for (FailoverScope scope : everyScope()) {
      assertThat(ErrorPolicy.mayFailOver(Failures.authentication(), scope)).isFalse();
      assertThat(ErrorPolicy.mayFailOver(Failures.invalid(), scope)).isFalse();
      assertThat(ErrorPolicy.mayFailOver(Failures.conflict(), scope)).isFalse();
      assertThat(ErrorPolicy.mayFailOver(Failures.notFound(), scope)).isFalse();
      assertThat(ErrorPolicy.mayFailOver(webhookFailure(), scope)).isFalse();
      assertThat(ErrorPolicy.mayFailOver(allUnavailable(), scope)).isFalse();
      assertThat(ErrorPolicy.mayFailOver(new IllegalStateException(), scope)).isFalse();
    }
  }

  @Test
  void failsOverOnlyTheDeclinesThePaymentScopeOptsInto() {
    FailoverScope optIn = FailoverScope.payment(EnumSet.of(FailureCode.PROCESSING_ERROR));

    assertThat(ErrorPolicy.mayFailOver(Failures.declined(FailureCode.PROCESSING_ERROR), optIn))
        .isTrue();
    assertThat(ErrorPolicy.mayFailOver(Failures.declined(FailureCode.INSUFFICIENT_FUNDS), optIn))
        .isFalse();
    assertThat(
            ErrorPolicy.mayFailOver(
                Failures.declined(FailureCode.PROCESSING_ERROR), FailoverScope.payment()))
        .isFalse();
  }

  @Test
  void rejectsAMissingScope() {
    assertThatThrownBy(() -> ErrorPolicy.mayFailOver(Failures.unavailable(), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("scope");
  }

  @Test
  void treatsOnlyDefiniteAnswersAsSettlingAnEarlierUnknownOutcome() {
    assertThat(ErrorPolicy.settlesEarlierUnknownOutcome(Failures.invalid())).isTrue();
    assertThat(ErrorPolicy.settlesEarlierUnknownOutcome(Failures.notFound())).isTrue();
    assertThat(
            ErrorPolicy.settlesEarlierUnknownOutcome(Failures.declined(FailureCode.CARD_DECLINED)))
        .isTrue();
    assertThat(ErrorPolicy.settlesEarlierUnknownOutcome(Failures.conflict())).isFalse();
    assertThat(ErrorPolicy.settlesEarlierUnknownOutcome(Failures.unavailable())).isFalse();
    assertThat(ErrorPolicy.settlesEarlierUnknownOutcome(Failures.authentication())).isFalse();
  }

  @Test
  void scopeCopiesTheOptedInDeclinesAndRejectsNulls() {
    Set<FailureCode> codes = new HashSet<>(Set.of(FailureCode.PROCESSING_ERROR));
    FailoverScope scope = FailoverScope.payment(codes);
    codes.add(FailureCode.CARD_DECLINED);

    assertThat(scope.declinesThatMayFailOver()).containsExactly(FailureCode.PROCESSING_ERROR);
    assertThatThrownBy(() -> scope.declinesThatMayFailOver().add(FailureCode.OTHER))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(FailoverScope.payment(Set.of())).isEqualTo(FailoverScope.payment());
    assertThat(scope.kind()).isEqualTo(FailoverScope.Kind.PAYMENT);
    assertThat(scope.unknownOutcomeMayFailOver()).isFalse();
    assertThat(scope.toString()).contains("PAYMENT", "PROCESSING_ERROR");
    assertThat(FailoverScope.email(true)).hasSameHashCodeAs(FailoverScope.email(true));
    assertThat(FailoverScope.email(true)).isNotEqualTo(FailoverScope.email(false));
    assertThatThrownBy(() -> FailoverScope.payment(null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("declinesThatMayFailOver");
    Set<FailureCode> withNull = new HashSet<>();
    withNull.add(null);
    assertThatThrownBy(() -> FailoverScope.payment(withNull))
        .isInstanceOf(InvalidRequestException.class);
  }

  private static List<FailoverScope> everyScope() {
    return List.of(
        FailoverScope.payment(EnumSet.allOf(FailureCode.class)),
        FailoverScope.email(true),
        FailoverScope.storageRead(),
        FailoverScope.storageWrite(true));
  }

  private static WebhookVerificationException webhookFailure() {
    return new WebhookVerificationException(
        WebhookVerificationException.Problem.SIGNATURE_MISMATCH, "bad signature", NOT_SENT);
  }

  private static AllProvidersUnavailableException allUnavailable() {
    return new AllProvidersUnavailableException(
        "every provider failed", ErrorContext.empty(), List.of(Failures.unavailable()));
  }
}
