package dev.switchboard.spring;

import dev.switchboard.Switchboard;
import dev.switchboard.telemetry.SwitchboardMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds Switchboard's meters ({@code switchboard.calls}, {@code switchboard.breaker.state}, ...;
 * see {@link SwitchboardMetrics}) to each registry Spring Boot hands it: every provider's policy,
 * the failover events and the state store's. Spring Boot binds every {@link MeterBinder} bean to
 * its {@link MeterRegistry} once there is one, so nothing happens without a registry.
 *
 * <p>This is the one place the starter touches the metrics API.
 */
public final class SwitchboardMeterBinder implements MeterBinder {
  private final Switchboard switchboard;

  /** A binder for {@code switchboard}'s meters. */
  public SwitchboardMeterBinder(Switchboard switchboard) {
    this.switchboard = switchboard;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    SwitchboardMetrics metrics = SwitchboardMetrics.create(registry);
    switchboard.policies().forEach(metrics::bind);
    switchboard.addFailoverListener(metrics);
    switchboard.addStateListener(metrics);
  }

  @Override
  public String toString() {
    return "SwitchboardMeterBinder";
  }
}
