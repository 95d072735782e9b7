package dev.switchboard.webhooks.inbox;

import dev.switchboard.config.ConfigKey;
import dev.switchboard.config.ConfigKeySet;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.deferred.jdbc.JdbcJobsBuilder;
import dev.switchboard.webhooks.http.WebhookEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The webhook receiver's keys under {@code switchboard.webhooks.}, declared once: {@link
 * WebhookInboxFactory} and {@link WebhookEndpoint} read them, and the unknown-key check of {@code
 * Switchboard.fromConfig} knows them through {@link java.util.ServiceLoader}. Each provider's
 * verifier keys ({@code switchboard.webhooks.<provider>.*}) are its verifier factory's.
 */
public final class WebhookConfigKeys implements ConfigKeySet {
  /** {@code path-prefix}. */
  public static final ConfigKey<String> PATH_PREFIX =
      ConfigKey.string(
          "path-prefix",
          WebhookEndpoint.DEFAULT_PATH_PREFIX,
          "the path before the provider's name");

  /** {@code max-body-bytes}. */
  public static final ConfigKey<Long> MAX_BODY_BYTES =
      ConfigKey.longValue(
              "max-body-bytes",
              WebhookEndpoint.DEFAULT_MAX_BODY_BYTES,
              "a larger body is answered 413 without being read")
          .min(1);

  /** {@code deadline}. */
  public static final ConfigKey<Duration> DEADLINE =
      ConfigKey.duration(
          "deadline", WebhookInbox.DEFAULT_DEADLINE, "after it, a failing event is DEAD");

  /** {@code backoff-cap}. */
  public static final ConfigKey<Duration> BACKOFF_CAP =
      ConfigKey.duration(
          "backoff-cap",
          WebhookInbox.DEFAULT_BACKOFF_CAP,
          "the longest back-off between handler attempts");

  /** {@code ordered-by-subject}. */
  public static final ConfigKey<Boolean> ORDERED_BY_SUBJECT =
      ConfigKey.bool(
          "ordered-by-subject", false, "handle one subject's events in the order they occurred");

  /** For {@link java.util.ServiceLoader}. */
  public WebhookConfigKeys() {}

  @Override
  public String prefix() {
    return WebhookInboxFactory.PREFIX;
  }

  @Override
  public ConfigKeys keys() {
    List<ConfigKey<?>> keys = new ArrayList<>();
    keys.add(PATH_PREFIX);
    keys.add(MAX_BODY_BYTES);
    keys.addAll(
        JdbcJobsBuilder.jobKeys(
            "the deferred calls' database, else the state store's when jdbc, else "
                + WebhookInboxFactory.DEFAULT_URL));
    keys.add(DEADLINE);
    keys.add(BACKOFF_CAP);
    keys.add(ORDERED_BY_SUBJECT);
    return ConfigKeys.of(keys);
  }
}
