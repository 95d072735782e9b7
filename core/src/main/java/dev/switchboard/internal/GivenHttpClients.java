package dev.switchboard.internal;

import dev.switchboard.http.HttpClients;

/**
 * The HTTP clients an application handed to {@code Switchboard.builder} (over its own {@code
 * OkHttpClient}), or none: then every provider uses {@link HttpClients#shared()}.
 *
 * <p>Not for application code: classes in {@code internal} packages may change without notice.
 *
 * @param clients the application's clients, or null
 */
public record GivenHttpClients(HttpClients clients) {}
