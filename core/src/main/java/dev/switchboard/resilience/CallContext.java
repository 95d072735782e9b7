package dev.switchboard.resilience;

import dev.switchboard.ErrorContext;
import dev.switchboard.IdempotencyKey;

/**
 * The parts of one {@link ResiliencePolicy#execute} call that every layer quotes in errors and
 * logs.
 */
final class CallContext {
  private final String provider;
  private final String operation;
  private final IdempotencyKey idempotencyKey;

  CallContext(String provider, String operation, IdempotencyKey idempotencyKey) {
    this.provider = provider;
    this.operation = operation;
    this.idempotencyKey = idempotencyKey;
  }

  String provider() {
    return provider;
  }

  String operation() {
    return operation;
  }

  IdempotencyKey idempotencyKey() {
    return idempotencyKey;
  }

  ErrorContext errorContext(boolean requestSent) {
    return ErrorContext.builder()
        .provider(provider)
        .operation(operation)
        .idempotencyKey(idempotencyKey)
        .requestSent(requestSent)
        .build();
  }
}
