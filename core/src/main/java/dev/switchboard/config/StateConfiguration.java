package dev.switchboard.config;

import dev.switchboard.state.StateStore;
import java.time.Duration;

/**
 * The state store the configuration chose ({@code switchboard.state.*}) and how the ports use it.
 *
 * @param store the store: built from configuration, or the one the application handed in
 * @param ownedByConfiguration whether the store was built here, and so is closed with the facade
 * @param ledgerRetention {@code switchboard.state.ledger.retention}
 * @param replayRetention {@code switchboard.state.replay.retention}
 * @param emailFailClosed {@code switchboard.state.email-fail-closed}: whether an email is refused
 *     (rather than sent without the ledger) while the store is down
 * @param settleInBackground {@code switchboard.state.ledger.settle-in-background}: whether a call's
 *     outcome is written to the ledger off the caller's path
 */
public record StateConfiguration(
    StateStore store,
    boolean ownedByConfiguration,
    Duration ledgerRetention,
    Duration replayRetention,
    boolean emailFailClosed,
    boolean settleInBackground) {}
