package dev.switchboard.internal;

import dev.switchboard.state.StateStore;

/**
 * The state store an application handed to {@code Switchboard.builder}, or none: then the one
 * {@code switchboard.state.store} names is built.
 *
 * <p>Not for application code: classes in {@code internal} packages may change without notice.
 *
 * @param store the application's store, or null
 */
public record GivenStateStore(StateStore store) {}
