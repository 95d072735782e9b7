/**
 * State that outlives a call and can be shared by several application instances: the {@link
 * dev.switchboard.state.KeyLedger} that records, before a state-changing request leaves, which
 * provider an idempotency key was sent to; the store-backed {@link
 * dev.switchboard.webhooks.ReplayGuard}s of the webhook verifiers; and {@link
 * dev.switchboard.state.RateState}, the vendor quota and client-side rate budgets that every
 * instance sees.
 *
 * <p>A {@link dev.switchboard.state.StateStore} bundles the three. {@link
 * dev.switchboard.state.StateStore#inMemory} is the default and protects one process; the {@code
 * state-jdbc} and {@code state-redis} modules register stores named {@code jdbc} and {@code redis}
 * through {@link dev.switchboard.state.StateStoreFactory}, chosen with {@code
 * switchboard.state.store}.
 */
package dev.switchboard.state;
