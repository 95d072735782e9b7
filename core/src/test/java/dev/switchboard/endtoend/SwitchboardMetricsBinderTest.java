package dev.switchboard.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.endtoend.AcmeSimulator.Fault;
import dev.switchboard.resilience.BreakerState;
import dev.switchboard.telemetry.SwitchboardMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** {@link SwitchboardMetrics} as a Micrometer {@link MeterBinder} over a whole switchboard. */
class SwitchboardMetricsBinderTest {
  @Test
  void bindToPublishesEveryPolicyTheFailoversAndTheStateStore() {
    try (TwoVendors v = TwoVendors.builder().primary("retry.max-attempts", "2").start()) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      MeterBinder binder = new SwitchboardMetrics(v.switchboard);
      binder.bindTo(registry);
      v.primary.failAlways(Fault.unavailable());

      assertThat(v.charge("order-1").id().provider()).isEqualTo("backup");

      assertThat(
              registry
                  .get("switchboard.breaker.state")
                  .tag("provider", "primary")
                  .tag("state", "closed")
                  .gauge()
                  .value())
          .isEqualTo(1.0);
      assertThat(registry.get("switchboard.breaker.state").tag("provider", "backup").gauges())
          .hasSize(BreakerState.values().length);
      assertThat(
              registry
                  .get("switchboard.retries")
                  .tag("provider", "primary")
                  .tag("operation", "charge")
                  .counter()
                  .count())
          .isEqualTo(1.0);
      assertThat(
              registry
                  .get("switchboard.calls")
                  .tag("provider", "backup")
                  .tag("outcome", "success")
                  .timer()
                  .count())
          .isEqualTo(1);
      assertThat(
              registry
                  .get("switchboard.failover.switches")
                  .tag("from", "primary")
                  .tag("to", "backup")
                  .counter()
                  .count())
          .isEqualTo(1.0);
      assertThat(registry.get("switchboard.state.claims").counters()).isNotEmpty();
    }
  }

  @Test
  void bindingTheSameRegistryTwiceCountsOnceAndASecondRegistryGetsItsOwnMeters() {
    try (TwoVendors v = TwoVendors.builder().withoutBackup().start()) {
      SimpleMeterRegistry first = new SimpleMeterRegistry();
      SimpleMeterRegistry second = new SimpleMeterRegistry();
      SwitchboardMetrics metrics = new SwitchboardMetrics(v.switchboard);
      metrics.bindTo(first);
      metrics.bindTo(first);
      metrics.bindTo(second);

      v.charge("order-1");

      for (SimpleMeterRegistry registry : new SimpleMeterRegistry[] {first, second}) {
        assertThat(
                registry
                    .get("switchboard.calls")
                    .tag("provider", "primary")
                    .tag("outcome", "success")
                    .timer()
                    .count())
            .isEqualTo(1);
      }
    }
  }

  @Test
  void thePerRegistryMetricsStillBindPoliciesButAreNoBinder() {
    try (TwoVendors v = TwoVendors.builder().withoutBackup().start()) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      SwitchboardMetrics metrics = SwitchboardMetrics.create(registry);
      v.switchboard.policies().forEach(metrics::bind);

      v.charge("order-1");

      assertThat(registry.get("switchboard.calls").timer().count()).isEqualTo(1);
      assertThatThrownBy(() -> metrics.bindTo(new SimpleMeterRegistry()))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void refusesANullSwitchboard() {
    assertThatThrownBy(() -> new SwitchboardMetrics(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("switchboard");
  }
}
