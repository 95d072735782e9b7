package dev.switchboard.http;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.resilience.QuotaTracker;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The HTTP settings an adapter's public builder takes from its caller and hands, unchanged, to the
 * {@link VendorHttpConfig} it builds: the connect, read, write and whole-call timeouts, the
 * policy's quota tracker, the clock and the {@link HttpClients} to derive the vendor's client from.
 * Immutable; {@link #toBuilder()} derives a variant.
 *
 * <pre>{@code
 * HttpSettings settings = HttpSettings.builder()
 *     .readTimeout(Duration.ofSeconds(10))
 *     .quota(policy.quota())
 *     .clock(clock)
 *     .build();
 * VendorHttpConfig http = settings
 *     .applyTo(VendorHttpConfig.builder().provider("acme-pay").baseUrl("https://api.acme.test/"))
 *     .build();
 * }</pre>
 *
 * <p>Defaults: no timeout and no quota tracker, so {@link #applyTo} keeps the {@link
 * VendorHttpConfig}'s own (timeouts inherited from the {@link HttpClients} base: connect 5 s, read
 * 30 s, write 30 s, call 60 s; no tracker); the UTC system clock. The timeouts are not checked
 * here: {@link VendorHttpConfig.Builder} checks them when they are applied, naming the one it
 * refuses.
 */
public final class HttpSettings {
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration writeTimeout;
  private final Duration callTimeout;
  private final QuotaTracker quota;
  private final Clock clock;
  private final HttpClients httpClients;

  private HttpSettings(Builder b) {
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.writeTimeout = b.writeTimeout;
    this.callTimeout = b.callTimeout;
    this.quota = b.quota;
    this.clock = b.clock;
    this.httpClients = b.httpClients;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings, to derive a variant. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The connect timeout; empty to keep the {@link VendorHttpConfig}'s. */
  public Optional<Duration> connectTimeout() {
    return Optional.ofNullable(connectTimeout);
  }

  /** The read timeout; empty to keep the {@link VendorHttpConfig}'s. */
  public Optional<Duration> readTimeout() {
    return Optional.ofNullable(readTimeout);
  }

  /** The write timeout; empty to keep the {@link VendorHttpConfig}'s. */
  public Optional<Duration> writeTimeout() {
    return Optional.ofNullable(writeTimeout);
  }

  /** The whole-call timeout (zero for none); empty to keep the {@link VendorHttpConfig}'s. */
  public Optional<Duration> callTimeout() {
    return Optional.ofNullable(callTimeout);
  }

  /** The tracker to feed with rate-limit headers; empty for none. */
  public Optional<QuotaTracker> quota() {
    return Optional.ofNullable(quota);
  }

  /** The clock for the HTTP layer, and for whatever else the adapter measures. */
  public Clock clock() {
    return clock;
  }

  /** The clients to derive the vendor's client from; empty for {@link HttpClients#shared()}. */
  public Optional<HttpClients> httpClients() {
    return Optional.ofNullable(httpClients);
  }

  /**
   * Sets the clock, and every timeout and the quota tracker that is present, on {@code http}; what
   * is absent keeps the builder's value.
   *
   * @return {@code http}, for chaining
   * @throws InvalidRequestException if {@code http} is null, or it refuses a timeout (naming it)
   */
  public VendorHttpConfig.Builder applyTo(VendorHttpConfig.Builder http) {
    if (http == null) {
      throw new NullPointerException("http == null");
    }
    http.clock(clock);
    if (connectTimeout != null) {
      http.connectTimeout(connectTimeout);
    }
    if (readTimeout != null) {
      http.readTimeout(readTimeout);
    }
    if (writeTimeout != null) {
      http.writeTimeout(writeTimeout);
    }
    if (callTimeout != null) {
      http.callTimeout(callTimeout);
    }
    if (quota != null) {
      http.quota(quota);
    }
    if (httpClients != null) {
      http.httpClients(httpClients);
    }
    return http;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HttpSettings s
        && Objects.equals(connectTimeout, s.connectTimeout)
        && Objects.equals(readTimeout, s.readTimeout)
        && Objects.equals(writeTimeout, s.writeTimeout)
        && Objects.equals(callTimeout, s.callTimeout)
        && Objects.equals(quota, s.quota)
        && clock.equals(s.clock)
        && Objects.equals(httpClients, s.httpClients);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        connectTimeout, readTimeout, writeTimeout, callTimeout, quota, clock, httpClients);
  }

  /**
   * Names the timeouts that are set, whether a quota tracker and own clients are, and the clock.
   */
  @Override
  public String toString() {
    return "HttpSettings{connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + ", writeTimeout="
        + writeTimeout
        + ", callTimeout="
        + callTimeout
        + ", quota="
        + (quota == null ? "none" : "set")
        + ", clock="
        + clock
        + ", httpClients="
        + (httpClients == null ? "shared" : "set")
        + "}";
  }

  /**
   * Builds {@link HttpSettings}; every setting is optional. Null timeouts and a null quota tracker
   * mean "keep the {@link VendorHttpConfig}'s".
   */
  public static final class Builder {
    private Duration connectTimeout;
    private Duration readTimeout;
    private Duration writeTimeout;
    private Duration callTimeout;
    private QuotaTracker quota;
    private Clock clock = Clock.systemUTC();
    private HttpClients httpClients;

    private Builder() {}

    private Builder(HttpSettings s) {
      this.connectTimeout = s.connectTimeout;
      this.readTimeout = s.readTimeout;
      this.writeTimeout = s.writeTimeout;
      this.callTimeout = s.callTimeout;
      this.quota = s.quota;
      this.clock = s.clock;
      this.httpClients = s.httpClients;
    }

    /** The connect timeout, or null to keep the {@link VendorHttpConfig}'s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /** The read timeout, or null to keep the {@link VendorHttpConfig}'s. */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = timeout;
      return this;
    }

    /** The write timeout, or null to keep the {@link VendorHttpConfig}'s. */
    public Builder writeTimeout(Duration timeout) {
      this.writeTimeout = timeout;
      return this;
    }

    /** The whole-call timeout (zero for none), or null to keep the {@link VendorHttpConfig}'s. */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = timeout;
      return this;
    }

    /** The tracker to feed with rate-limit headers, or null for none. */
    public Builder quota(QuotaTracker quota) {
      this.quota = quota;
      return this;
    }

    /**
     * The clock (default the UTC system clock).
     *
     * @throws NullPointerException naming {@code clock} if it is null
     */
    public Builder clock(Clock clock) {
      if (clock == null) {
        throw new NullPointerException("clock == null");
      }
      this.clock = clock;
      return this;
    }

    /**
     * The clients to derive the vendor's client from, or null (the default) for {@link
     * HttpClients#shared()}.
     */
    public Builder httpClients(HttpClients httpClients) {
      this.httpClients = httpClients;
      return this;
    }

    public HttpSettings build() {
      return new HttpSettings(this);
    }
  }
}
