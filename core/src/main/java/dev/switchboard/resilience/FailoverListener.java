package dev.switchboard.resilience;

/**
 * Receives a failover composite's {@link FailoverEvent events}, for logs, metrics or alerts. Called
 * synchronously on the thread that made the call, so keep it quick; an exception it throws is
 * logged and does not disturb the call.
 *
 * <pre>{@code
 * FailoverListener alert = event -> {
 *   if (event instanceof FailoverEvent.ProviderSwitched switched) {
 *     pager.warn(switched.from() + " is failing, traffic on " + switched.to());
 *   }
 * };
 * }</pre>
 */
@FunctionalInterface
public interface FailoverListener {
  /** Receives one event. */
  void onEvent(FailoverEvent event);

  /**
   * Called for every call a composite served with another provider than the one it was meant for,
   * the first of an outage included: a per-call signal for counters, not an event. Most listeners
   * want only the {@link FailoverEvent.ProviderSwitched} and {@link
   * FailoverEvent.ProviderRecovered} that bracket an outage, so this does nothing unless
   * overridden. Called synchronously, like {@link #onEvent}; an exception it throws is logged and
   * does not disturb the call.
   *
   * @param from the provider the call was meant for
   * @param to the provider that served it
   * @param operation the port operation, such as {@code charge}
   */
  default void callMoved(String from, String to, String operation) {}
}
