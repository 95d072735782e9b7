package dev.switchboard.deferred;

/**
 * Told when a deferred call ends: SUCCEEDED, FAILED or DEAD. Runs on the worker thread that ended
 * the call, after the outcome is stored; it should return quickly and not throw (a throwing
 * listener is logged and ignored). With several instances draining one queue, the instance that ran
 * the call's last attempt is the one whose listeners hear of it.
 *
 * <p>At most once per ending: an instance that stops between storing the outcome and telling its
 * listeners tells no one, so an application that must act on every outcome also reads {@link
 * DeferredCalls#list} or {@link DeferredCalls#status} (the stored outcome is the same).
 */
@FunctionalInterface
public interface DeferredListener {
  void onResult(DeferredCall call, DeferredOutcome outcome);
}
