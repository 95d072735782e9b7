package dev.switchboard.config;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.email.EmailSender;
import dev.switchboard.resilience.DistributionStrategy;
import java.util.List;
import java.util.Map;

/**
 * The email providers in priority order, and the port-level email settings.
 *
 * <pre>
 * switchboard.email.providers=acme-mail,backup-mail
 * switchboard.email.strategy=weighted              # priority (default), round-robin, weighted
 * switchboard.email.acme-mail.weight=3             # default 1
 * switchboard.email.unknown-outcome-failover=true  # default false
 * </pre>
 *
 * @param providers at least one, the first is preferred
 * @param strategy how a provider is picked; default {@link DistributionStrategy#PRIORITY}
 * @param unknownOutcomeFailover whether a send whose outcome is unknown may be tried at the next
 *     provider, at the risk of a duplicate message; default false
 * @param weights each provider's weight, at least 1, for {@link DistributionStrategy#WEIGHTED}
 */
public record EmailConfiguration(
    List<ConfiguredProvider<EmailSender>> providers,
    DistributionStrategy strategy,
    boolean unknownOutcomeFailover,
    Map<String, Integer> weights) {
  public EmailConfiguration {
    providers = Providers.check(providers);
    if (strategy == null) {
      throw new NullPointerException("strategy == null");
    }
    if (weights == null) {
      throw new NullPointerException("weights == null");
    }
    for (ConfiguredProvider<EmailSender> provider : providers) {
      Integer weight = weights.get(provider.name());
      if (weight == null || weight < 1) {
        throw InvalidRequestException.invalidField(
            "weights", "weights must give " + provider.name() + " at least 1, was " + weight);
      }
    }
    weights = Map.copyOf(weights);
  }

  /** The weight of the named provider; 1 for a name that is not configured. */
  public int weight(String provider) {
    return weights.getOrDefault(provider, 1);
  }
}
