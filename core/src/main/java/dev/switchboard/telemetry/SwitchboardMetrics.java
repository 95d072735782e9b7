package dev.switchboard.telemetry;

import dev.switchboard.Switchboard;
import dev.switchboard.resilience.BreakerState;
import dev.switchboard.resilience.ErrorPolicy;
import dev.switchboard.resilience.FailoverEvent;
import dev.switchboard.resilience.FailoverListener;
import dev.switchboard.resilience.RefusalReason;
import dev.switchboard.resilience.ResilienceEvent;
import dev.switchboard.resilience.ResilienceListener;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.state.StateEvent;
import dev.switchboard.state.StateListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Publishes what the resilience policies see to a Micrometer {@link MeterRegistry}: a {@link
 * MeterBinder} over a {@link Switchboard}. Micrometer is an optional dependency of core: only
 * applications that create this class need it.
 *
 * <pre>{@code
 * new SwitchboardMetrics(switchboard).bindTo(registry);
 * }</pre>
 *
 * <p>{@link #bindTo} registers every policy's gauges and listens to every policy, failover
 * composite and the state store; binding to a second registry publishes to both, binding twice to
 * the same registry changes nothing. A Spring Boot or Micronaut application can simply expose the
 * binder as a bean. For policies built by hand, {@link #create(MeterRegistry)} and {@link
 * #bind(ResiliencePolicy)} remain.
 *
 * <p>Meters, each tagged with {@code provider}:
 *
 * <ul>
 *   <li>{@code switchboard.calls} (timer; tags {@code operation}, {@code outcome}, {@code reason}):
 *       every call, retries and waits included. {@code outcome} is {@code success}; {@code shed}
 *       for a call the bulkhead refused because this instance already had {@code
 *       bulkhead.max-concurrent-calls} calls running (load shedding, {@code reason} {@code
 *       bulkhead_full}); {@code refused} for any other call the policy refused itself without
 *       asking the provider ({@linkplain dev.switchboard.resilience.ErrorPolicy#localRefusal
 *       breaker open, rate limit, quota}), with {@code reason} the refusal in lower case such as
 *       {@code breaker_open}; or else the simple name of the exception the provider's failure
 *       became, with {@code reason} {@code none}. A shed or refused call is never counted as the
 *       vendor's failure;
 *   <li>{@code switchboard.retries} (counter; {@code operation}, {@code cause}): retries scheduled;
 *   <li>{@code switchboard.calls.refused} (counter; {@code operation}, {@code reason}): calls the
 *       policy refused itself (breaker open, bulkhead full, rate limit, quota);
 *   <li>{@code switchboard.retry.budget.exhausted} (counter): retries the budget could not pay for;
 *   <li>{@code switchboard.breaker.transitions} (counter; {@code from}, {@code to});
 *   <li>{@code switchboard.breaker.state} (gauge; {@code state}): 1 for the current state, 0 for
 *       the others;
 *   <li>{@code switchboard.ratelimit.remaining} (gauge): the vendor's remaining quota as its
 *       headers last said, NaN when unknown;
 *   <li>{@code switchboard.retry.budget.available} (gauge): tokens left in the retry budget;
 *   <li>{@code switchboard.failover.switches} (counter; {@code from}, {@code to}, {@code
 *       operation}): calls a failover composite moved off the provider they were meant for, each
 *       counted as it is served (from {@link FailoverListener#callMoved}), while the events report
 *       one {@link FailoverEvent.ProviderSwitched} per outage;
 *   <li>{@code switchboard.failover.recoveries} (counter): a provider serving again after traffic
 *       had moved off it, one per {@link FailoverEvent.ProviderRecovered};
 *   <li>{@code switchboard.failover.skips} (counter; {@code provider}, {@code operation}, {@code
 *       field} without indexes, such as {@code description} or {@code to}): providers a failover
 *       composite left out of a call because the request breaks their limits;
 *   <li>{@code switchboard.state.claims} (counter; {@code scope}, {@code provider}, {@code result}
 *       = {@code claimed} for a first claim or {@code repeat} for a key an earlier attempt holds):
 *       keys claimed in the key ledger;
 *   <li>{@code switchboard.state.pinned.refusals} (counter; {@code scope}, {@code provider}, {@code
 *       state}): repeats the pinned provider could not take, answered with the earlier attempt's
 *       state;
 *   <li>{@code switchboard.state.calls} (timer; {@code store}, {@code operation}, {@code outcome} =
 *       {@code success} or {@code error}): every call to the state store, so its latency and
 *       errors.
 * </ul>
 *
 * <p>{@link #bindTo} wires all of these. Metrics from {@link #create(MeterRegistry)} need each
 * piece by hand: {@link #bind} per policy, registration as a failover listener for the failover
 * counters ({@code composite.addListener(metrics)}) and as a state listener for the state meters.
 */
public final class SwitchboardMetrics
    implements MeterBinder, ResilienceListener, FailoverListener, StateListener {
  private final MeterRegistry registry;
  private final Switchboard switchboard;
  private final Map<MeterRegistry, SwitchboardMetrics> bound = new IdentityHashMap<>();

  private SwitchboardMetrics(MeterRegistry registry, Switchboard switchboard) {
    this.registry = registry;
    this.switchboard = switchboard;
  }

  /**
   * A binder of everything {@code switchboard} reports: its policies, failover composites and state
   * store.
   *
   * @throws NullPointerException naming {@code switchboard} if it is null
   */
  public SwitchboardMetrics(Switchboard switchboard) {
    this(null, requireSwitchboard(switchboard));
  }

  private static Switchboard requireSwitchboard(Switchboard switchboard) {
    if (switchboard == null) {
      throw new NullPointerException("switchboard == null");
    }
    return switchboard;
  }

  /**
   * Metrics that register their meters in {@code registry}, for policies and composites built by
   * hand and bound one by one ({@link #bind}, {@code addFailoverListener}, {@code
   * addStateListener}). For a {@link Switchboard}, {@code new
   * SwitchboardMetrics(switchboard).bindTo(registry)} binds all of it in one call.
   */
  public static SwitchboardMetrics create(MeterRegistry registry) {
    return new SwitchboardMetrics(Objects.requireNonNull(registry, "registry == null"), null);
  }

  /**
   * Publishes everything the switchboard reports to {@code registry}: every policy's gauges and
   * calls, failovers, and the state store's meters.
   *
   * @throws IllegalStateException on metrics from {@link #create(MeterRegistry)}, which have no
   *     switchboard to bind
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry == null");
    if (switchboard == null) {
      throw new IllegalStateException(
          "these metrics were created for one registry; use new SwitchboardMetrics(switchboard)");
    }
    SwitchboardMetrics metrics;
    synchronized (bound) {
      if (bound.containsKey(registry)) {
        return;
      }
      metrics = new SwitchboardMetrics(registry, null);
      bound.put(registry, metrics);
    }
    switchboard.policies().forEach(metrics::bind);
    switchboard.addFailoverListener(metrics);
    switchboard.addStateListener(metrics);
  }

  /**
   * Registers the policy's gauges and listens to its events. Call once per policy.
   *
   * @throws IllegalStateException on a {@link #SwitchboardMetrics(Switchboard) binder}, which binds
   *     policies in {@link #bindTo}
   */
  public SwitchboardMetrics bind(ResiliencePolicy policy) {
    Objects.requireNonNull(policy, "policy == null");
    if (registry == null) {
      throw new IllegalStateException("bind the switchboard with bindTo(registry) instead");
    }
    String provider = policy.provider();
    for (BreakerState state : BreakerState.values()) {
      Gauge.builder("switchboard.breaker.state", policy, p -> p.breakerState() == state ? 1.0 : 0.0)
          .tag("provider", provider)
          .tag("state", tagValue(state.name()))
          .description("1 for the provider's current circuit breaker state")
          .register(registry);
    }
    Gauge.builder(
            "switchboard.ratelimit.remaining",
            policy,
            p -> {
              var remaining = p.quota().remaining();
              return remaining.isPresent() ? remaining.getAsLong() : Double.NaN;
            })
        .tag("provider", provider)
        .description("Calls left in the vendor's rate-limit window, from its headers")
        .register(registry);
    Gauge.builder("switchboard.retry.budget.available", policy, p -> p.retryBudget().available())
        .tag("provider", provider)
        .description("Tokens left in the provider's retry budget")
        .register(registry);
    policy.addListener(this);
    return this;
  }

  @Override
  public void onEvent(ResilienceEvent event) {
    if (registry == null) {
      return; // a binder publishes through the metrics bindTo made
    }
    String provider = event.provider();
    if (event instanceof ResilienceEvent.CallCompleted completed) {
      String outcome = "success";
      String reason = "none";
      if (!completed.succeeded()) {
        Optional<RefusalReason> refusal = ErrorPolicy.localRefusal(completed.failure());
        outcome =
            refusal.isEmpty()
                ? completed.failure().getClass().getSimpleName()
                : ErrorPolicy.isLoadShed(completed.failure()) ? "shed" : "refused";
        reason = refusal.map(r -> tagValue(r.name())).orElse("none");
      }
      Timer.builder("switchboard.calls")
          .tag("provider", provider)
          .tag("operation", completed.operation())
          .tag("outcome", outcome)
          .tag("reason", reason)
          .description("Calls through Switchboard, retries and waits included")
          .register(registry)
          .record(completed.duration());
    } else if (event instanceof ResilienceEvent.RetryScheduled retry) {
      counter(
          "switchboard.retries",
          provider,
          "operation",
          retry.operation(),
          "cause",
          retry.cause().getClass().getSimpleName());
    } else if (event instanceof ResilienceEvent.CallRefused refused) {
      counter(
          "switchboard.calls.refused",
          provider,
          "operation",
          refused.operation(),
          "reason",
          tagValue(refused.reason().name()));
    } else if (event instanceof ResilienceEvent.RetryBudgetExhausted exhausted) {
      counter("switchboard.retry.budget.exhausted", provider, "operation", exhausted.operation());
    } else if (event instanceof ResilienceEvent.BreakerStateChanged changed) {
      counter(
          "switchboard.breaker.transitions",
          provider,
          "from",
          tagValue(changed.from().name()),
          "to",
          tagValue(changed.to().name()));
    } else if (event instanceof ResilienceEvent.AuthenticationRetried retried) {
      counter(
          "switchboard.retries",
          provider,
          "operation",
          retried.operation(),
          "cause",
          retried.cause().getClass().getSimpleName());
    }
  }

  /** Counts the call in {@code switchboard.failover.switches}. */
  @Override
  public void callMoved(String from, String to, String operation) {
    if (registry == null) {
      return; // a binder publishes through the metrics bindTo made
    }
    Counter.builder("switchboard.failover.switches")
        .tag("from", from)
        .tag("to", to)
        .tag("operation", operation)
        .description("Calls moved off the provider they were meant for")
        .register(registry)
        .increment();
  }

  @Override
  public void onEvent(FailoverEvent event) {
    if (registry == null) {
      return; // a binder publishes through the metrics bindTo made
    }
    if (event instanceof FailoverEvent.ProviderRecovered recovered) {
      counter("switchboard.failover.recoveries", recovered.provider());
    } else if (event instanceof FailoverEvent.ProviderSkipped skipped) {
      Counter.builder("switchboard.failover.skips")
          .tag("provider", skipped.provider())
          .tag("operation", skipped.operation())
          .tag("field", fieldTag(skipped.reason().field().orElse("none")))
          .description("Providers left out of a call because the request breaks their limits")
          .register(registry)
          .increment();
    }
  }

  @Override
  public void onEvent(StateEvent event) {
    if (registry == null) {
      return; // a binder publishes through the metrics bindTo made
    }
    if (event instanceof StateEvent.KeyClaimed claimed) {
      Counter.builder("switchboard.state.claims")
          .tag("scope", claimed.scope())
          .tag("provider", claimed.provider())
          .tag("result", claimed.won() ? "claimed" : "repeat")
          .description("Keys claimed in the key ledger, and repeats of keys already claimed")
          .register(registry)
          .increment();
    } else if (event instanceof StateEvent.PinnedRefusal refusal) {
      Counter.builder("switchboard.state.pinned.refusals")
          .tag("scope", refusal.scope())
          .tag("provider", refusal.provider())
          .tag("state", tagValue(refusal.state().name()))
          .description("Repeats the pinned provider could not take")
          .register(registry)
          .increment();
    } else if (event instanceof StateEvent.StoreCall call) {
      Timer.builder("switchboard.state.calls")
          .tag("store", call.store())
          .tag("operation", call.operation())
          .tag("outcome", call.failed() ? "error" : "success")
          .description("Calls to the state store")
          .register(registry)
          .record(call.latency());
    }
  }

  private void counter(String name, String provider, String... tags) {
    Counter.builder(name).tag("provider", provider).tags(tags).register(registry).increment();
  }

  /** A field name without its indexes or sub-fields ({@code to[3].name} is {@code to}). */
  private static String fieldTag(String field) {
    int end = field.length();
    for (char c : new char[] {'[', '.'}) {
      int i = field.indexOf(c);
      if (i > 0 && i < end) {
        end = i;
      }
    }
    return field.substring(0, end);
  }

  private static String tagValue(String enumName) {
    return enumName.toLowerCase(Locale.ROOT);
  }
}
