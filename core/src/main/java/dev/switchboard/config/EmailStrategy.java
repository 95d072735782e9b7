package dev.switchboard.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How an email failover composite picks the provider for a message, set by {@code
 * switchboard.email.strategy}. Default {@link #PRIORITY}.
 */
public enum EmailStrategy {
  /** Always the first healthy provider in the configured order. */
  PRIORITY("priority"),
  /** The healthy providers in turn. */
  ROUND_ROBIN("round-robin"),
  /** The healthy providers in proportion to {@code switchboard.email.<name>.weight}. */
  WEIGHTED("weighted");

  private final String configName;

  EmailStrategy(String configName) {
    this.configName = configName;
  }

  /** The name in configuration, such as {@code round-robin}. */
  public String configName() {
    return configName;
  }

  /** The strategy a configuration name stands for, in any case. */
  public static Optional<EmailStrategy> fromConfigName(String name) {
    return Arrays.stream(values())
        .filter(s -> s.configName.equals(name == null ? null : name.toLowerCase(Locale.ROOT)))
        .findFirst();
  }
}
