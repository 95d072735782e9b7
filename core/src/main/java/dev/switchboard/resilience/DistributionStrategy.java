package dev.switchboard.resilience;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How a {@link FailoverEmailSender} picks the provider a message is meant for. Whatever the
 * strategy, a provider whose breaker is open (and still waiting) is not picked while another can
 * be, and when the picked provider refuses or fails the message, the others follow in priority
 * order.
 *
 * <pre>{@code
 * FailoverEmailSender.builder()
 *     .strategy(DistributionStrategy.WEIGHTED)
 *     .add(bulkVendor, bulkPolicy, 3)   // about three messages in four
 *     .add(otherVendor, otherPolicy, 1)
 *     .random(new Random(42))
 *     .build();
 * }</pre>
 *
 * <p>In configuration: {@code switchboard.email.strategy=priority|round-robin|weighted}.
 */
public enum DistributionStrategy {
  /** The default: every message is meant for the first provider in priority order (sticky). */
  PRIORITY("priority"),
  /** Messages are spread over the healthy providers in turn. */
  ROUND_ROBIN("round-robin"),
  /** Messages are spread over the healthy providers at random, in proportion to their weights. */
  WEIGHTED("weighted");

  private final String configName;

  DistributionStrategy(String configName) {
    this.configName = configName;
  }

  /** The name in configuration, such as {@code round-robin}. */
  public String configName() {
    return configName;
  }

  /** The strategy a configuration name stands for, in any case. */
  public static Optional<DistributionStrategy> fromConfigName(String name) {
    String wanted = name == null ? null : name.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(s -> s.configName.equals(wanted)).findFirst();
  }
}
