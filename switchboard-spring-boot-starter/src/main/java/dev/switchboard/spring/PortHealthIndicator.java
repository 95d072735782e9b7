package dev.switchboard.spring;

import dev.switchboard.Switchboard;
import dev.switchboard.config.Port;
import dev.switchboard.resilience.BreakerState;
import dev.switchboard.resilience.ProviderHealth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * One port's health for Spring Boot Actuator, from {@link Switchboard#health()}.
 *
 * <ul>
 *   <li>{@code UP}: the primary provider (the first in {@code switchboard.<port>.providers}) takes
 *       calls: its breaker is closed or disabled and it is not held after a rate limit;
 *   <li>{@link #DEGRADED}: the primary does not, but another provider does, so calls are served by
 *       failover. Spring Boot leaves a status it does not know out of the aggregate, so the
 *       application stays {@code UP} (HTTP 200) unless {@code DEGRADED} is added to {@code
 *       management.endpoint.health.status.order};
 *   <li>{@code DOWN}: no provider takes calls; as Spring's own indicators for a mail server or a
 *       database do when it cannot be reached.
 * </ul>
 *
 * <p>The details name the primary, whether failover is active and to which provider, and each
 * provider's breaker state, last error (type, reason, time), remaining vendor quota, retry budget,
 * hold and probe. No credential is part of them.
 */
public final class PortHealthIndicator implements HealthIndicator {
  /** The port is served, but not by its primary provider. */
  public static final Status DEGRADED = new Status("DEGRADED", "served by failover");

  private final Switchboard switchboard;
  private final Port port;

  /** The health of {@code port} in {@code switchboard}. */
  public PortHealthIndicator(Switchboard switchboard, Port port) {
    this.switchboard = switchboard;
    this.port = port;
  }

  @Override
  public Health health() {
    List<ProviderHealth> providers = switchboard.health().getOrDefault(port.key(), List.of());
    if (providers.isEmpty()) {
      return Health.unknown().withDetail("reason", "no provider is configured").build();
    }
    ProviderHealth primary = providers.get(0);
    Optional<ProviderHealth> serving = providers.stream().filter(this::takesCalls).findFirst();
    Health.Builder health;
    if (serving.isEmpty()) {
      health = Health.down();
    } else if (serving.get() == primary) {
      health = Health.up();
    } else {
      health = Health.status(DEGRADED);
    }
    boolean failover = serving.isPresent() && serving.get() != primary;
    health.withDetail("primary", primary.provider()).withDetail("failover", failover);
    serving.ifPresent(p -> health.withDetail("serving", p.provider()));
    Map<String, Object> details = new LinkedHashMap<>();
    providers.forEach(p -> details.put(p.provider(), details(p)));
    return health.withDetail("providers", details).build();
  }

  private boolean takesCalls(ProviderHealth provider) {
    BreakerState state = provider.breakerState();
    return (state == BreakerState.CLOSED || state == BreakerState.DISABLED)
        && provider.heldUntil().isEmpty();
  }

  private static Map<String, Object> details(ProviderHealth provider) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("breaker", provider.breakerState().name());
    provider
        .lastError()
        .ifPresent(
            e ->
                details.put(
                    "lastError",
                    Map.of("type", e.type(), "reason", e.reason(), "at", e.at().toString())));
    if (provider.remainingQuota().isPresent()) {
      details.put("remainingQuota", provider.remainingQuota().getAsLong());
    }
    details.put("retryBudgetTokens", provider.retryBudgetTokens());
    provider.heldUntil().ifPresent(t -> details.put("heldUntil", t.toString()));
    details.put("probing", provider.probing());
    return details;
  }

  @Override
  public String toString() {
    return "PortHealthIndicator[" + port.key() + "]";
  }
}
