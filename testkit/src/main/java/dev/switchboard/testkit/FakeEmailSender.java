package dev.switchboard.testkit;

import dev.switchboard.ConflictException;
import dev.switchboard.ErrorContext;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.email.AsyncEmailSender;
import dev.switchboard.email.EmailAddress;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.EmailSender;
import dev.switchboard.email.SendResult;
import dev.switchboard.http.CallMode;
import dev.switchboard.internal.AsyncViews;
import dev.switchboard.internal.Futures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * An in-memory {@link EmailSender} for tests: it accepts messages the way a vendor does, keeps
 * every accepted message in order, and can be told to fail through {@link #failures()}.
 *
 * <pre>{@code
 * FakeEmailSender email = FakeEmailSender.create();
 * shop.checkout(order, email);
 * assertThat(email.sentTo("ann@example.com")).hasSize(1);
 *
 * FakeEmailSender custom = FakeEmailSender.builder()
 *     .provider("primary").clock(clock).seed(42).maxScheduleAhead(Duration.ofDays(7))
 *     .build();
 * custom.failures().failNext(1, Failure.unavailable());
 * }</pre>
 *
 * <p>Behaves like a vendor where tests need it to: a message sent again with the same idempotency
 * key is not stored again and gets the first {@link SendResult}; the same key with a different
 * message is a {@link ConflictException}; a {@code sendAt} in the past or beyond the scheduling
 * horizon (72 hours by default, as vendors cap it) is an {@link InvalidRequestException} on field
 * {@code sendAt}. Message ids come from the seed, accepted times from the clock.
 *
 * <p>Defaults: provider {@code "fake"}, the UTC system clock, seed 0, 72 hours ahead. Thread-safe.
 */
public final class FakeEmailSender implements EmailSender {
  /** How far ahead {@code sendAt} may be unless the builder says otherwise. */
  public static final Duration DEFAULT_MAX_SCHEDULE_AHEAD = Duration.ofHours(72);

  private static final String SEND = "send";

  private final String provider;
  private final Clock clock;
  private final Random random;
  private final Duration maxScheduleAhead;
  private final FailureInjector failures;
  private final AsyncEmailSender async;
  private final List<EmailMessage> sent = new ArrayList<>();
  private final List<ReceivedEmail> received = new ArrayList<>();
  private final Map<IdempotencyKey, Accepted> byKey = new HashMap<>();

  private record Accepted(ReceivedEmail email, SendResult result) {}

  private FakeEmailSender(Builder b) {
    this.provider = b.provider;
    this.clock = b.clock;
    this.random = new Random(b.seed);
    this.maxScheduleAhead = b.maxScheduleAhead;
    this.failures = new FailureInjector(b.provider, b.seed);
    this.async = AsyncViews.email(this, provider, this::send);
  }

  /** A fake with every default. */
  public static FakeEmailSender create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Where a test injects failures, latency and outages; every {@link #send} goes through it. */
  public FailureInjector failures() {
    return failures;
  }

  @Override
  public String provider() {
    return provider;
  }

  @Override
  public SendResult send(EmailMessage message) {
    return Futures.join(send(message, CallMode.BLOCKING));
  }

  private CompletableFuture<SendResult> send(EmailMessage message, CallMode mode) {
    Objects.requireNonNull(message, "message == null");
    return failures.run(mode, SEND, message.idempotencyKey(), () -> accept(message));
  }

  /**
   * The same fake without blocking: the same messages and failures, with injected latency scheduled
   * and a hang waited for on a future instead of a thread.
   */
  @Override
  public AsyncEmailSender async() {
    return async;
  }

  private SendResult accept(EmailMessage message) {
    IdempotencyKey key = message.idempotencyKey();
    ReceivedEmail email = ReceivedEmail.of(message);
    synchronized (this) {
      Accepted earlier = byKey.get(key);
      if (earlier != null) {
        if (earlier.email().equals(email)) {
          return earlier.result();
        }
        throw new ConflictException(
            "idempotency key " + key + " was already used for a different message",
            rejected(key),
            "idempotencyKey",
            null);
      }
      Instant now = clock.instant();
      checkSendAt(message, now);
      SendResult result =
          SendResult.of(provider, String.format("%s-%016x", provider, random.nextLong()), now);
      sent.add(message);
      received.add(email);
      byKey.put(key, new Accepted(email, result));
      return result;
    }
  }

  private void checkSendAt(EmailMessage message, Instant now) {
    Instant sendAt = message.sendAt().orElse(null);
    if (sendAt == null) {
      return;
    }
    if (sendAt.isBefore(now)) {
      throw new InvalidRequestException(
          "sendAt " + sendAt + " is in the past (now " + now + ")",
          rejected(message.idempotencyKey()),
          "sendAt",
          null);
    }
    if (sendAt.isAfter(now.plus(maxScheduleAhead))) {
      throw new InvalidRequestException(
          "sendAt " + sendAt + " is more than " + maxScheduleAhead + " ahead (now " + now + ")",
          rejected(message.idempotencyKey()),
          "sendAt",
          null);
    }
  }

  private ErrorContext rejected(IdempotencyKey key) {
    return failures.contextFor(SEND, key).toBuilder().requestSent(true).build();
  }

  /** Every accepted message, oldest first; a replayed send is not repeated. */
  public synchronized List<EmailMessage> sent() {
    return List.copyOf(sent);
  }

  /**
   * What the receiving side got, in the order of {@link #sent()}; for {@link EmailSenderContract}.
   */
  public synchronized List<ReceivedEmail> received() {
    return List.copyOf(received);
  }

  /**
   * The accepted messages with {@code address} among their to, cc or bcc recipients (domain
   * compared without regard to case, display names ignored), oldest first.
   */
  public List<EmailMessage> sentTo(String address) {
    return sentTo(EmailAddress.parse(address));
  }

  /** As {@link #sentTo(String)}. */
  public synchronized List<EmailMessage> sentTo(EmailAddress address) {
    Objects.requireNonNull(address, "address == null");
    return sent.stream()
        .filter(m -> m.recipients().stream().anyMatch(r -> r.sameMailboxAs(address)))
        .toList();
  }

  /**
   * Forgets every accepted message and every idempotency key, as if the fake were new. Injected
   * failures stay; reset them with {@code failures().reset()}.
   */
  public synchronized void clear() {
    sent.clear();
    received.clear();
    byKey.clear();
  }

  @Override
  public String toString() {
    return "FakeEmailSender{provider=" + provider + ", sent=" + sent().size() + '}';
  }

  /** Builds a {@link FakeEmailSender}. */
  public static final class Builder {
    private String provider = "fake";
    private Clock clock = Clock.systemUTC();
    private long seed;
    private Duration maxScheduleAhead = DEFAULT_MAX_SCHEDULE_AHEAD;

    private Builder() {}

    /** The name results and errors carry; {@code "fake"} by default. */
    public Builder provider(String provider) {
      Objects.requireNonNull(provider, "provider == null");
      if (provider.isBlank()) {
        throw new IllegalArgumentException("provider is blank");
      }
      this.provider = provider;
      return this;
    }

    /** The source of accepted times and of "now" for {@code sendAt}; the UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** Seeds message ids and random failures, so a run can be repeated; 0 by default. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** How far ahead {@code sendAt} may be; 72 hours by default. */
    public Builder maxScheduleAhead(Duration maxScheduleAhead) {
      Objects.requireNonNull(maxScheduleAhead, "maxScheduleAhead == null");
      if (maxScheduleAhead.isNegative()) {
        throw new IllegalArgumentException("maxScheduleAhead < 0: " + maxScheduleAhead);
      }
      this.maxScheduleAhead = maxScheduleAhead;
      return this;
    }

    public FakeEmailSender build() {
      return new FakeEmailSender(this);
    }
  }
}
