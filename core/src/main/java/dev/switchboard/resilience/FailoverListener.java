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
  void onEvent(FailoverEvent event);
}
