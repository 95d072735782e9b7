package dev.switchboard.state;

/**
 * Receives {@link StateEvent}s; an exception it throws is logged and does not disturb the call.
 *
 * <pre>{@code
 * StateListener log = event -> System.out.println(event);
 * }</pre>
 */
@FunctionalInterface
public interface StateListener {
  void onEvent(StateEvent event);
}
