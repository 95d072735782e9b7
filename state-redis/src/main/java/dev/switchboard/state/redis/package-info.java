/**
 * The {@link dev.switchboard.state.StateStore} on Redis: {@link
 * dev.switchboard.state.redis.RedisStateStore} and its configuration factory, selected with {@code
 * switchboard.state.store=redis}.
 */
package dev.switchboard.state.redis;
