package dev.switchboard.resilience;

/**
 * Receives a {@link ResiliencePolicy}'s {@link ResilienceEvent events}, for logs, metrics or a
 * failover composite's own events. Called synchronously on the thread that made the call, so keep
 * it quick; an exception it throws is logged and does not disturb the call.
 *
 * <pre>{@code
 * policy.addListener(event -> metrics.count(event.getClass().getSimpleName(), event.provider()));
 * }</pre>
 */
@FunctionalInterface
public interface ResilienceListener {
  void onEvent(ResilienceEvent event);
}
