package dev.switchboard.payments.paypal.internal.webhook;

import dev.switchboard.http.HttpClients;
import dev.switchboard.payments.paypal.internal.PayPalAccessTokens;
import dev.switchboard.webhooks.ReplayGuard;
import java.security.cert.TrustAnchor;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * Everything the webhook verification graph is built from, already checked by the public builder.
 *
 * @param provider the provider name put on events and errors
 * @param webhookId the id of the webhook as registered with PayPal
 * @param apiMode true to ask PayPal's verify-webhook-signature API, false to verify offline
 * @param confirmByFetching true to fetch PayPal's copy of each event and use it instead of the body
 * @param apiBaseUrl PayPal's API base URL, ending in {@code /}
 * @param tokens the access tokens for API mode and for fetching events; null when neither is used
 * @param tolerance how far the transmission time may be from now, either way
 * @param clock the time source for the tolerance, certificate validity and cache expiry
 * @param replayGuard remembers accepted transmission ids
 * @param certificateHosts the hosts a signing certificate may be fetched from, lower case
 * @param plainHttpOnLoopback whether {@code http} certificate URLs on loopback hosts are allowed
 * @param trustAnchors the roots a signing certificate must chain to
 * @param certificateNames the subject common names accepted for a signing certificate, lower case
 * @param certificateCacheSize how many certificate URLs are cached at most
 * @param connectTimeout connect timeout of PayPal calls and certificate downloads
 * @param readTimeout read timeout of PayPal calls and certificate downloads
 * @param callTimeout whole-call timeout of PayPal calls and certificate downloads
 * @param httpClients the shared HTTP clients to derive from
 */
public record WebhookSettings(
    String provider,
    String webhookId,
    boolean apiMode,
    boolean confirmByFetching,
    String apiBaseUrl,
    PayPalAccessTokens tokens,
    Duration tolerance,
    Clock clock,
    ReplayGuard replayGuard,
    Set<String> certificateHosts,
    boolean plainHttpOnLoopback,
    Set<TrustAnchor> trustAnchors,
    Set<String> certificateNames,
    int certificateCacheSize,
    Duration connectTimeout,
    Duration readTimeout,
    Duration callTimeout,
    HttpClients httpClients) {

  public WebhookSettings {
    certificateHosts = Set.copyOf(certificateHosts);
    trustAnchors = Set.copyOf(trustAnchors);
    certificateNames = Set.copyOf(certificateNames);
  }

  /** Names the mode and the webhook only; the record holds no secret but its tokens. */
  @Override
  public String toString() {
    return "WebhookSettings{provider="
        + provider
        + ", webhookId="
        + webhookId
        + ", mode="
        + (apiMode ? "api" : "offline")
        + ", confirmByFetching="
        + confirmByFetching
        + "}";
  }
}
