package dev.switchboard.email.mailgun.internal;

import dev.switchboard.config.Secret;
import dev.switchboard.resilience.QuotaTracker;
import java.time.Clock;
import java.time.Duration;

/**
 * What the public builder collected, checked, for the internal graph.
 *
 * @param provider the provider's name
 * @param baseUrl the API's base URL (region or override)
 * @param domain the sending domain in the path
 * @param apiKey read per request
 * @param clock for accepted times and schedule checks
 * @param maxScheduleAhead how far ahead {@code o:deliverytime} may be
 * @param unavailableMeansNotProcessed whether a 503 certainly means not sent
 * @param connectTimeout null for the shared default
 * @param readTimeout null for the shared default
 * @param writeTimeout null for the shared default
 * @param callTimeout null for the shared default
 * @param quota null for none
 */
public record MailgunSettings(
    String provider,
    String baseUrl,
    String domain,
    Secret apiKey,
    Clock clock,
    Duration maxScheduleAhead,
    boolean unavailableMeansNotProcessed,
    Duration connectTimeout,
    Duration readTimeout,
    Duration writeTimeout,
    Duration callTimeout,
    QuotaTracker quota) {

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
