/**
 * Deferred calls: a durable request queue that finishes a charge, an email or a put when the vendor
 * can take it. {@link dev.switchboard.deferred.DeferredCalls} is the entry point ({@code
 * switchboard.deferred()}); the queue itself lives in the {@code deferred} module, found through
 * {@link dev.switchboard.deferred.DeferredCallsFactory}.
 */
package dev.switchboard.deferred;
