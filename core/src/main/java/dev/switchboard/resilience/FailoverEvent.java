package dev.switchboard.resilience;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.SwitchboardException;
import java.time.Duration;
import java.time.Instant;

/**
 * Something a failover composite did that operators and metrics want to see: traffic moving off the
 * provider it was meant for, that provider serving again later (with how many calls were served
 * elsewhere meanwhile), and a provider left out because the request breaks its limits. Switches and
 * recoveries summarise an outage, one event each however many calls it lasts; each moved call is
 * only a {@link FailoverListener#callMoved} signal and a DEBUG log line. Listeners receive them
 * synchronously on the calling thread; {@code at} comes from the composite's injected clock.
 *
 * <pre>{@code
 * FailoverPaymentGateway payments = FailoverPaymentGateway.builder()
 *     .add(primary, primaryPolicy).add(backup, backupPolicy)
 *     .listener(event -> {
 *       if (event instanceof FailoverEvent.ProviderRecovered recovered) {
 *         log.info("{} back after {}, {} calls served elsewhere", recovered.provider(),
 *             recovered.away(), recovered.callsServedElsewhere());
 *       }
 *     })
 *     .build();
 * }</pre>
 */
public sealed interface FailoverEvent {
  /** When it happened, by the composite's clock. */
  Instant at();

  /**
   * Traffic moved off {@code from}, the provider calls are meant for (the primary, or the one a
   * distribution strategy chose): a call meant for it was served by {@code to} because {@code from}
   * refused or failed it, and {@code from} had served every call meant for it until then. Emitted
   * once per outage, for its first call: the calls served elsewhere after it are not events (a
   * listener that wants each of them overrides {@link FailoverListener#callMoved}), and their
   * number comes with the {@link ProviderRecovered} that ends the outage.
   *
   * @param from the provider the call was meant for
   * @param to the provider that served the first call moved
   * @param operation the port operation of the first call moved, such as {@code charge}
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
   * A provider that traffic had moved off ({@link ProviderSwitched}) served a call meant for it
   * again: traffic is back where it belongs. Emitted once per recovery, with the outage's sum.
   *
   * @param provider the provider serving again
   * @param callsServedElsewhere the calls meant for {@code provider} that other providers served
   *     while it was away, the one that triggered the {@link ProviderSwitched} included
   * @param away from the {@link ProviderSwitched} to this event, by the composite's clock
   */
  record ProviderRecovered(String provider, long callsServedElsewhere, Duration away, Instant at)
      implements FailoverEvent {
    public ProviderRecovered {
      require("provider", provider);
      require("away", away);
      require("at", at);
      if (callsServedElsewhere < 0) {
        throw InvalidRequestException.invalidField(
            "callsServedElsewhere",
            "callsServedElsewhere must be >= 0, was " + callsServedElsewhere);
      }
      if (away.isNegative()) {
        throw InvalidRequestException.invalidField(
            "away", "away must not be negative, was " + away);
      }
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
      throw new NullPointerException(field + " == null");
    }
  }
}
