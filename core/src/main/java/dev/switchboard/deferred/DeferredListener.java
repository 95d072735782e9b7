package dev.switchboard.deferred;

/**
 * Told once each time a deferred call ends: SUCCEEDED, FAILED or DEAD. Runs on the worker thread
 * that ended the call, after the outcome is stored; it should return quickly and not throw (a
 * throwing listener is logged and ignored). With several instances draining one queue, the instance
 * that ran the call's last attempt is the one whose listeners hear of it.
 */
@FunctionalInterface
public interface DeferredListener {
  void onResult(DeferredCall call, DeferredOutcome outcome);
}
