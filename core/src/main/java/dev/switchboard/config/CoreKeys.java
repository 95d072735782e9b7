package dev.switchboard.config;

import dev.switchboard.http.HttpClients;
import java.time.Duration;

/**
 * The keys core reads itself, declared once: the ports' own keys, the keys every provider has
 * besides the {@link ResilienceKeys}, and the state store's shared keys. Names in {@link #ALL} are
 * relative to {@code switchboard.}; {@link #PROVIDER} and {@link #EMAIL_PROVIDER} to a provider's
 * prefix.
 */
public final class CoreKeys {
  /** {@code switchboard.<port>.<provider>.type}. */
  public static final ConfigKey<String> TYPE =
      ConfigKey.string("type", null, "the factory that builds the provider")
          .defaultText("the provider's name");

  /** {@code switchboard.email.<provider>.weight}. */
  public static final ConfigKey<Integer> EMAIL_WEIGHT =
      ConfigKey.integer("weight", 1, "the provider's share for the weighted strategy").min(1);

  public static final ConfigKey<java.util.List<String>> PAYMENTS_PROVIDERS =
      ConfigKey.list("payments.providers", "the payment providers in priority order");
  public static final ConfigKey<java.util.List<String>> PAYMENTS_FAILOVER_DECLINE_CODES =
      ConfigKey.list(
          "payments.failover-decline-codes",
          "FailureCodes after which a charge may go to the next provider");
  public static final ConfigKey<java.util.List<String>> EMAIL_PROVIDERS =
      ConfigKey.list("email.providers", "the email providers in priority order");
  public static final ConfigKey<String> EMAIL_STRATEGY =
      ConfigKey.string("email.strategy", "priority", "priority, round-robin or weighted")
          .oneOf("priority", "round-robin", "weighted");
  public static final ConfigKey<Boolean> EMAIL_UNKNOWN_OUTCOME_FAILOVER =
      ConfigKey.bool(
          "email.unknown-outcome-failover", false, "may an ambiguous send go to the next provider");
  public static final ConfigKey<java.util.List<String>> STORAGE_PROVIDERS =
      ConfigKey.list("storage.providers", "the storage providers in priority order");
  public static final ConfigKey<Boolean> STORAGE_WRITE_FAILOVER =
      ConfigKey.bool("storage.write-failover", false, "may a failed write go to the next store");
  public static final ConfigKey<String> STATE_STORE =
      ConfigKey.string(
          "state.store",
          "memory",
          "where the key ledger, replay guards and shared rate state live: memory, jdbc or redis");
  public static final ConfigKey<Duration> STATE_LEDGER_RETENTION =
      ConfigKey.duration(
          "state.ledger.retention",
          Duration.ofDays(7),
          "how long a ledger record is kept after its last change");
  public static final ConfigKey<Duration> STATE_REPLAY_RETENTION =
      ConfigKey.duration(
          "state.replay.retention",
          Duration.ofDays(7),
          "how long a completed webhook id is remembered");
  public static final ConfigKey<Boolean> STATE_EMAIL_FAIL_CLOSED =
      ConfigKey.bool(
          "state.email-fail-closed",
          false,
          "refuse email (rather than send it without the ledger) while the store is down");
  public static final ConfigKey<Boolean> STATE_SETTLE_IN_BACKGROUND =
      ConfigKey.bool(
          "state.ledger.settle-in-background",
          false,
          "write a call's outcome to the ledger on one background thread");
  public static final ConfigKey<java.util.List<String>> WEBHOOKS_PROVIDERS =
      ConfigKey.list("webhooks.providers", "the providers a webhook receiver serves");

  /**
   * An adapter's HTTP connect timeout, for adapters to declare among their keys; null when not set,
   * which leaves the HTTP layer's default.
   */
  public static final ConfigKey<Duration> CONNECT_TIMEOUT =
      ConfigKey.duration("connect-timeout", null, "the TCP and TLS connect timeout")
          .defaultText(ConfigKey.formatDuration(HttpClients.DEFAULT_CONNECT_TIMEOUT));

  /** An adapter's HTTP read timeout: no byte read for that long ends the call. */
  public static final ConfigKey<Duration> READ_TIMEOUT =
      ConfigKey.duration("read-timeout", null, "no byte read for that long ends a call")
          .defaultText(ConfigKey.formatDuration(HttpClients.DEFAULT_READ_TIMEOUT));

  /** An adapter's HTTP write timeout: no byte written for that long ends the call. */
  public static final ConfigKey<Duration> WRITE_TIMEOUT =
      ConfigKey.duration("write-timeout", null, "no byte written for that long ends a call")
          .defaultText(ConfigKey.formatDuration(HttpClients.DEFAULT_WRITE_TIMEOUT));

  /** An adapter's whole-call HTTP timeout. */
  public static final ConfigKey<Duration> CALL_TIMEOUT =
      ConfigKey.duration("call-timeout", null, "the whole HTTP call's limit")
          .defaultText(ConfigKey.formatDuration(HttpClients.DEFAULT_CALL_TIMEOUT));

  /** Every key core reads outside a provider's prefix, relative to {@code switchboard.}. */
  public static final ConfigKeys ALL =
      ConfigKeys.of(
          PAYMENTS_PROVIDERS,
          PAYMENTS_FAILOVER_DECLINE_CODES,
          EMAIL_PROVIDERS,
          EMAIL_STRATEGY,
          EMAIL_UNKNOWN_OUTCOME_FAILOVER,
          STORAGE_PROVIDERS,
          STORAGE_WRITE_FAILOVER,
          STATE_STORE,
          STATE_LEDGER_RETENTION,
          STATE_REPLAY_RETENTION,
          STATE_EMAIL_FAIL_CLOSED,
          STATE_SETTLE_IN_BACKGROUND,
          WEBHOOKS_PROVIDERS);

  /** The keys every provider has: {@code type} and the resilience keys. */
  public static final ConfigKeys PROVIDER = ConfigKeys.of(TYPE).and(ResilienceKeys.ALL);

  /** The keys every email provider has: {@link #PROVIDER}'s and {@code weight}. */
  public static final ConfigKeys EMAIL_PROVIDER = PROVIDER.and(ConfigKeys.of(EMAIL_WEIGHT));

  private CoreKeys() {}

  /** The keys every provider of {@code port} has. */
  public static ConfigKeys provider(Port port) {
    return port == Port.EMAIL ? EMAIL_PROVIDER : PROVIDER;
  }
}
