package dev.switchboard.config;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.resilience.AuthenticationFailureHook;
import dev.switchboard.resilience.ResilienceConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A credential that can be rotated without a restart. It remembers where it came from ({@link
 * #reference()}, such as {@code env:PAY_API_KEY}) and reads its source again once the value is
 * older than the TTL (default {@link #DEFAULT_TTL}, 5 minutes) or after {@link #invalidate()},
 * which adapters call when the provider rejects the credentials.
 *
 * <pre>{@code
 * Secret apiKey = Secret.read(source, "PAY_API_KEY", clock, Secret.DEFAULT_TTL);
 * request.header("Authorization", "Bearer " + apiKey.value());   // fetch it per call, never cache
 * ResilienceConfig.builder().onAuthenticationFailure(apiKey.authenticationFailureHook());
 * }</pre>
 *
 * <p>{@link #value()} is a {@code String}: HTTP clients need the key as a string to build a header
 * anyway, so a {@code char[]} would only be copied into one. {@link #toString()} prints the
 * reference, {@code Secret[env:PAY_API_KEY]}, never the value.
 *
 * <p>If a re-read finds nothing or fails, the last value is kept until the next TTL ends, so a
 * briefly missing file does not break calls. Thread-safe: one thread re-reads at a time while the
 * others wait for the fresh value.
 */
public final class Secret {
  /** How long a value is used before its source is read again. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

  private static final String UNRESOLVED = "unresolved:";

  /**
   * A value, and when to read the source again (its read time plus the TTL, at most the end of
   * time).
   */
  private record State(String value, Instant rereadAt, boolean invalidated) {
    static State read(String value, Instant readAt, Duration ttl) {
      Instant rereadAt;
      try {
        rereadAt = ttl == null ? Instant.MAX : readAt.plus(ttl);
      } catch (java.time.DateTimeException | ArithmeticException e) {
        rereadAt = Instant.MAX;
      }
      return new State(value, rereadAt, false);
    }
  }

  private record Fetched(String value, String failure) {}

  private final String reference;
  private final SecretSource source;
  private final String sourceReference;
  private final Clock clock;
  private final Duration ttl;
  private final Object rereadLock = new Object();
  private volatile State state;

  private Secret(
      String reference,
      SecretSource source,
      String sourceReference,
      Clock clock,
      Duration ttl,
      String value) {
    this.reference = reference;
    this.source = source;
    this.sourceReference = sourceReference;
    this.clock = clock;
    this.ttl = ttl;
    this.state = State.read(value, clock.instant(), ttl);
  }

  /**
   * A fixed secret that is never re-read, for tests and for code that holds the value already. Its
   * reference is {@code literal}.
   */
  public static Secret of(String value) {
    return fixed("literal", requireValue(value));
  }

  /**
   * Reads a secret from its source now, and again whenever it expires or is invalidated.
   *
   * @param source the source of the reference's scheme
   * @param reference what the source looks up, such as an environment variable's name
   * @param clock decides when the value has expired
   * @param ttl how long a value is used before it is read again; positive
   * @throws InvalidRequestException if the source has nothing (field {@code reference}); the
   *     message names the reference, never a value
   */
  public static Secret read(SecretSource source, String reference, Clock clock, Duration ttl) {
    if (source == null) {
      throw new NullPointerException("source == null");
    }
    if (reference == null || reference.isBlank()) {
      throw InvalidRequestException.invalidField(
          "reference", "reference must not be blank, was " + reference);
    }
    if (clock == null) {
      throw new NullPointerException("clock == null");
    }
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      throw InvalidRequestException.invalidField("ttl", "ttl must be positive, was " + ttl);
    }
    Fetched first = fetch(source, reference);
    if (first.value() == null) {
      throw InvalidRequestException.invalidField("reference", first.failure());
    }
    return new Secret(
        source.scheme() + ":" + reference, source, reference, clock, ttl, first.value());
  }

  static Secret fixed(String reference, String value) {
    return new Secret(reference, null, null, Clock.systemUTC(), DEFAULT_TTL, value);
  }

  /** What a configuration answers for a secret it could not resolve, after reporting why. */
  static Secret unresolved(String key) {
    return fixed(UNRESOLVED + key, "");
  }

  boolean isUnresolved() {
    return source == null && reference.startsWith(UNRESOLVED);
  }

  private static String requireValue(String value) {
    if (value == null) {
      throw new NullPointerException("value == null");
    }
    return value;
  }

  /** The value read, or null and the source's words for why not, which never quote a value. */
  private static Fetched fetch(SecretSource source, String reference) {
    try {
      Optional<String> read = source.read(reference);
      if (read != null && read.isPresent()) {
        return new Fetched(read.get(), null);
      }
      return new Fetched(null, source.describeMissing(reference));
    } catch (RuntimeException e) {
      return new Fetched(null, source.describeFailure(reference, e));
    }
  }

  /**
   * The current value, read again from the source first if it is older than the TTL or was
   * invalidated. Never log it.
   */
  public String value() {
    State current = state;
    if (!needsReread(current)) {
      return current.value();
    }
    synchronized (rereadLock) {
      current = state;
      if (needsReread(current)) {
        Fetched fetched = fetch(source, sourceReference);
        String fresh = fetched.value() == null ? current.value() : fetched.value();
        current = State.read(fresh, clock.instant(), ttl);
        state = current;
      }
      return current.value();
    }
  }

  private boolean needsReread(State current) {
    if (source == null) {
      return false;
    }
    return current.invalidated() || !clock.instant().isBefore(current.rereadAt());
  }

  /** Where the secret comes from, such as {@code env:PAY_API_KEY}; safe to print. */
  public String reference() {
    return reference;
  }

  /**
   * Makes the next {@link #value()} read the source again, whatever the TTL says. Call it when the
   * provider rejects the credentials: they may have been rotated.
   */
  public void invalidate() {
    synchronized (rereadLock) {
      State current = state;
      state = new State(current.value(), current.rereadAt(), true);
    }
  }

  /**
   * A hook for {@link ResilienceConfig.Builder#onAuthenticationFailure} that invalidates this
   * secret, so the one retry after an authentication failure uses a freshly read value.
   */
  public AuthenticationFailureHook authenticationFailureHook() {
    return failure -> invalidate();
  }

  /** {@code Secret[env:PAY_API_KEY]}: the reference, never the value. */
  @Override
  public String toString() {
    return "Secret[" + reference + "]";
  }
}
