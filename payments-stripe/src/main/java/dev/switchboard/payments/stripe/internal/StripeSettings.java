package dev.switchboard.payments.stripe.internal;

import dev.switchboard.config.Secret;
import dev.switchboard.resilience.QuotaTracker;
import java.time.Clock;
import java.time.Duration;

/**
 * What the public builder collected, handed to the adapter's internal graph. Null timeouts and
 * quota mean "the shared HTTP layer's default"; a null return URL means 3-D Secure answers with
 * {@code use_stripe_sdk} rather than a redirect URL.
 *
 * @param provider the provider's name
 * @param baseUrl Stripe's base URL, without {@code /v1}
 * @param apiKey the secret key, read per request
 * @param apiVersion the {@code Stripe-Version} sent with every request
 * @param returnUrl where Stripe sends the buyer back after a redirect, or null
 * @param clock the clock for the HTTP layer and {@code Retry-After} dates
 * @param connectTimeout the connect timeout, or null
 * @param readTimeout the read timeout, or null
 * @param callTimeout the whole-call timeout, or null
 * @param quota the policy's quota tracker, or null
 */
public record StripeSettings(
    String provider,
    String baseUrl,
    Secret apiKey,
    String apiVersion,
    String returnUrl,
    Clock clock,
    Duration connectTimeout,
    Duration readTimeout,
    Duration callTimeout,
    QuotaTracker quota) {

  /** Names the provider, URL and version; never the key. */
  @Override
  public String toString() {
    return "StripeSettings{provider="
        + provider
        + ", baseUrl="
        + baseUrl
        + ", apiVersion="
        + apiVersion
        + ", apiKey="
        + apiKey
        + "}";
  }
}
