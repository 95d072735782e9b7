package dev.switchboard.resilience;

import dev.switchboard.AuthenticationException;
import dev.switchboard.ConflictException;
import dev.switchboard.ErrorContext;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.NotFoundException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.PaymentDeclinedException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.RateLimitedException;
import dev.switchboard.payments.FailureCode;
import dev.switchboard.payments.PaymentFailure;
import java.time.Duration;

/** Failures as an adapter for the provider "acme" would report them. */
final class Failures {
  static final ErrorContext SENT =
      ErrorContext.builder().provider("acme").operation("charge").requestSent(true).build();
  static final ErrorContext NOT_SENT =
      ErrorContext.builder().provider("acme").operation("charge").requestSent(false).build();

  private Failures() {}

  static ProviderUnavailableException unavailable() {
    return new ProviderUnavailableException("connect refused", NOT_SENT);
  }

  static OutcomeUnknownException unknown() {
    return new OutcomeUnknownException("read timed out", SENT);
  }

  static RateLimitedException rateLimited(Duration retryAfter) {
    return new RateLimitedException("429", SENT, retryAfter);
  }

  static AuthenticationException authentication() {
    return new AuthenticationException("401", SENT);
  }

  static InvalidRequestException invalid() {
    return new InvalidRequestException("amount too small", SENT);
  }

  static ConflictException conflict() {
    return new ConflictException("idempotency key in use", SENT);
  }

  static NotFoundException notFound() {
    return new NotFoundException("no such payment", SENT);
  }

  static PaymentDeclinedException declined(FailureCode code) {
    return new PaymentDeclinedException(SENT, PaymentFailure.of(code));
  }
}
