package dev.switchboard.resilience;

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
 */
public enum DistributionStrategy {
  /** The default: every message is meant for the first provider in priority order (sticky). */
  PRIORITY,
  /** Messages are spread over the healthy providers in turn. */
  ROUND_ROBIN,
  /** Messages are spread over the healthy providers at random, in proportion to their weights. */
  WEIGHTED
}
