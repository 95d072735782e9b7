package dev.switchboard.payments.paypal.internal;

import dev.switchboard.config.Secret;
import dev.switchboard.resilience.QuotaTracker;
import java.time.Clock;
import java.time.Duration;

/**
 * What the public builder hands the internal graph. The timeouts and the quota tracker may be null
 * (the shared HTTP layer's defaults, no tracking); everything else is checked by the builder.
 *
 * @param provider the provider's name, carried by payment ids and errors
 * @param baseUrl PayPal's API base URL
 * @param clientId the REST app's client id
 * @param clientSecret the REST app's secret, read for every token request
 * @param clock decides token expiry and what logs measure
 * @param connectTimeout null for the HTTP layer's default
 * @param readTimeout null for the HTTP layer's default
 * @param callTimeout null for the HTTP layer's default
 * @param quota the policy's quota tracker, or null
 */
public record PayPalSettings(
    String provider,
    String baseUrl,
    String clientId,
    Secret clientSecret,
    Clock clock,
    Duration connectTimeout,
    Duration readTimeout,
    Duration callTimeout,
    QuotaTracker quota) {

  /** Names the provider, the base URL and the client id; never the secret's value. */
  @Override
  public String toString() {
    return "PayPalSettings[provider="
        + provider
        + ", baseUrl="
        + baseUrl
        + ", clientId="
        + clientId
        + ", clientSecret="
        + clientSecret
        + "]";
  }
}
