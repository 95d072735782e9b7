package dev.switchboard.examples;

import dev.switchboard.Switchboard;
import dev.switchboard.resilience.ProviderHealth;
import dev.switchboard.state.StateHealth;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;

/** The end of {@link FailoverTimeline}'s story: the metrics it recorded and everyone's health. */
final class TimelineSummary {
  private TimelineSummary() {}

  /** Prints the calls per provider, operation and outcome, the counters, and the health. */
  static void metricsAndHealth(
      PrintStream out, SimpleMeterRegistry registry, Switchboard switchboard) {
    out.println();
    out.println("Metrics summary");
    for (Meter meter : registry.getMeters()) {
      if (meter instanceof Timer timer && meter.getId().getName().equals("switchboard.calls")) {
        String outcome = timer.getId().getTag("outcome");
        if ("refused".equals(outcome)) {
          outcome = "refused(" + timer.getId().getTag("reason") + ")";
        }
        out.printf(
            "  %-8s %-8s %-30s calls=%-3d%n",
            timer.getId().getTag("provider"),
            timer.getId().getTag("operation"),
            outcome,
            timer.count());
      }
    }
    out.printf(
        "  retries=%.0f, breaker transitions=%.0f, refused calls=%.0f, provider switches=%.0f,"
            + " recoveries=%.0f%n",
        sum(registry, "switchboard.retries"),
        sum(registry, "switchboard.breaker.transitions"),
        sum(registry, "switchboard.calls.refused"),
        sum(registry, "switchboard.failover.switches"),
        sum(registry, "switchboard.failover.recoveries"));
    out.println();
    out.println("Health");
    switchboard
        .health()
        .forEach(
            (port, providers) -> {
              for (ProviderHealth h : providers) {
                out.printf(
                    "  %-8s %-8s breaker=%-9s last error=%s%n",
                    port,
                    h.provider(),
                    h.breakerState(),
                    h.lastError().map(e -> e.type()).orElse("none"));
              }
            });
    StateHealth state = switchboard.stateHealth();
    out.printf(
        "  state    %-8s up=%s keys claimed=%d repeats=%d pinned refusals=%d store errors=%d%n",
        state.store(),
        state.up(),
        state.claims(),
        state.repeats(),
        state.pinnedRefusals(),
        state.storeErrors());
  }

  private static double sum(SimpleMeterRegistry registry, String name) {
    return registry.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
  }
}
