package dev.switchboard.payments.stripe.internal;

import dev.switchboard.config.Secret;
import dev.switchboard.http.HttpSettings;

/**
 * What the public builder collected, handed to the adapter's internal graph. A null return URL
 * means 3-D Secure answers with {@code use_stripe_sdk} rather than a redirect URL.
 *
 * @param provider the provider's name
 * @param baseUrl Stripe's base URL, without {@code /v1}
 * @param apiKey the secret key, read per request
 * @param apiVersion the {@code Stripe-Version} sent with every request
 * @param returnUrl where Stripe sends the buyer back after a redirect, or null
 * @param http the timeouts, quota tracker and clock (for the HTTP layer and {@code Retry-After}
 *     dates)
 */
public record StripeSettings(
    String provider,
    String baseUrl,
    Secret apiKey,
    String apiVersion,
    String returnUrl,
    HttpSettings http) {

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
