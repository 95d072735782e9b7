package dev.switchboard.payments.paypal.internal;

import dev.switchboard.config.Secret;
import dev.switchboard.http.HttpSettings;

/**
 * What the public builder hands the internal graph, checked by the builder.
 *
 * @param provider the provider's name, carried by payment ids and errors
 * @param baseUrl PayPal's API base URL
 * @param clientId the REST app's client id
 * @param clientSecret the REST app's secret, read for every token request
 * @param http the timeouts, the policy's quota tracker and the clock (which decides token expiry
 *     and what logs measure)
 */
public record PayPalSettings(
    String provider, String baseUrl, String clientId, Secret clientSecret, HttpSettings http) {

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
