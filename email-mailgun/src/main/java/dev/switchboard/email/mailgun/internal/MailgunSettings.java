package dev.switchboard.email.mailgun.internal;

import dev.switchboard.config.Secret;
import dev.switchboard.http.HttpSettings;
import java.time.Duration;

/**
 * What the public builder collected, checked, for the internal graph.
 *
 * @param provider the provider's name
 * @param baseUrl the API's base URL (region or override)
 * @param domain the sending domain in the path
 * @param apiKey read per request
 * @param maxScheduleAhead how far ahead {@code o:deliverytime} may be
 * @param unavailableMeansNotProcessed whether a 503 certainly means not sent
 * @param http the timeouts, quota tracker and clock (also for accepted times and schedule checks)
 */
public record MailgunSettings(
    String provider,
    String baseUrl,
    String domain,
    Secret apiKey,
    Duration maxScheduleAhead,
    boolean unavailableMeansNotProcessed,
    HttpSettings http) {

  /** Names where and as whom it sends; never the key's value. */
  @Override
  public String toString() {
    return "MailgunSettings{provider="
        + provider
        + ", baseUrl="
        + baseUrl
        + ", domain="
        + domain
        + ", apiKey="
        + apiKey
        + "}";
  }
}
