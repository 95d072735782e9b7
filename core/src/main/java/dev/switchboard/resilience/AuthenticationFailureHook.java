package dev.switchboard.resilience;

import dev.switchboard.AuthenticationException;

/**
 * Runs when a provider rejects the credentials, before the one retry that an {@link
 * AuthenticationException} is allowed. The configuration layer uses it to re-read a secret that may
 * have been rotated; without a hook, authentication failures are not retried at all, since sending
 * the same credentials again cannot help.
 *
 * <pre>{@code
 * ResilienceConfig config = ResilienceConfig.builder()
 *     .onAuthenticationFailure(failure -> apiKey.refresh())
 *     .build();
 * }</pre>
 *
 * <p>If the hook throws, the call is not retried and the hook's exception is attached to the
 * authentication failure as suppressed.
 */
@FunctionalInterface
public interface AuthenticationFailureHook {
  /** Refreshes whatever credentials the provider's next call will use. */
  void onAuthenticationFailure(AuthenticationException failure);
}
