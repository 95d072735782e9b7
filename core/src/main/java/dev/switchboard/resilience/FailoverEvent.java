package dev.switchboard.resilience;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.SwitchboardException;
import java.time.Instant;

/**
 * Something a failover composite did that operators and metrics want to see: a call moved away from
 * the provider it was meant for, a provider left out because the request breaks its limits, and a
 * provider serving again later. Listeners receive them synchronously on the calling thread; {@code
 * at} comes from the composite's injected clock.
 *
 * <pre>{@code
 * FailoverPaymentGateway payments = FailoverPaymentGateway.builder()
 *     .add(primary, primaryPolicy).add(backup, backupPolicy)
 *     .listener(event -> {
 *       if (event instanceof FailoverEvent.ProviderSwitched switched) {
 *         metrics.count("failover", switched.from(), switched.to(), switched.operation());
 *       }
 *     })
 *     .build();
 * }</pre>
 */
public sealed interface FailoverEvent {
  /** When it happened, by the composite's clock. */
  Instant at();

  /**
   * A call was served by {@code to} because {@code from}, the provider it was meant for (the
   * primary, or the one a distribution strategy chose), refused or failed it. Emitted for every
   * such call, so counting them gives the failed-over traffic.
   *
   * @param from the provider the call was meant for
   * @param to the provider that served it
   * @param operation the port operation, such as {@code charge}
   * @param cause what {@code from} threw: its failure, or its policy's {@linkplain
   *     ErrorPolicy#localRefusal local refusal} (breaker open, bulkhead full, ...)
   */
  record ProviderSwitched(
      String from, String to, String operation, SwitchboardException cause, Instant at)
      implements FailoverEvent {
    public ProviderSwitched {
      require("from", from);
      require("to", to);
      require("operation", operation);
      require("cause", cause);
      require("at", at);
    }
  }

  /**
   * A provider that calls had been switched away from served a call meant for it again: traffic is
   * back where it belongs. Emitted once per recovery.
   */
  record ProviderRecovered(String provider, Instant at) implements FailoverEvent {
    public ProviderRecovered {
      require("provider", provider);
      require("at", at);
    }
  }

  /**
   * A provider was left out of a call because the request breaks its declared limits (its {@code
   * check} refused it), before anything was sent or claimed: a 1,000-character description that one
   * vendor takes and another refuses goes only to the first. Emitted for every call that skips a
   * provider, so counting them gives the traffic a provider could not take.
   *
   * @param provider the provider left out
   * @param operation the port operation, such as {@code charge}
   * @param reason what the provider's check refused, naming the field and the limit
   */
  record ProviderSkipped(
      String provider, String operation, InvalidRequestException reason, Instant at)
      implements FailoverEvent {
    public ProviderSkipped {
      require("provider", provider);
      require("operation", operation);
      require("reason", reason);
      require("at", at);
    }
  }

  private static void require(String field, Object value) {
    if (value == null) {
      throw InvalidRequestException.invalidField(field, field + " == null");
    }
  }
}
