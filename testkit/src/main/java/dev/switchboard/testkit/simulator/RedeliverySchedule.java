package dev.switchboard.testkit.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * When a vendor tries a webhook delivery again after an attempt that got no 2xx answer: the waits
 * between attempts, each counted from the previous attempt, and the statuses after which the vendor
 * stops at once. {@link WebhookDeliveries} follows it on an injected clock.
 *
 * <pre>{@code
 * RedeliverySchedule.stripe().attempts();           // 11
 * RedeliverySchedule.mailgun().isFinal(406);        // true: Mailgun takes a 406 as a refusal
 * RedeliverySchedule.of(Duration.ofMinutes(1), Duration.ofMinutes(5));   // 3 attempts, for tests
 * }</pre>
 *
 * <p>The vendors publish how long they keep trying and, for some, how often; the exact waits they
 * leave open are the testkit's choice, marked as such below, kept inside the published span. What
 * each vendor documents:
 *
 * <table>
 *   <caption>Vendor redelivery, as documented</caption>
 *   <tr><th>Vendor</th><th>Documented</th><th>Here</th></tr>
 *   <tr><td>Stripe (live mode)</td><td>exponential back-off for up to 3 days; a sandbox tries 3
 *       more times over a few hours; intervals unpublished</td>
 *       <td>{@link #stripe()}: 10 waits doubling from 5 minutes, each at most 24 hours: 11
 *       attempts over 66 h 35 min. {@link #stripeSandbox()}: 1 h, 2 h, 4 h</td></tr>
 *   <tr><td>SendGrid Event Webhook</td><td>any non-2xx answer is retried at increasing intervals
 *       for up to 24 hours after the event; intervals unpublished</td>
 *       <td>{@link #sendgrid()}: 8 waits doubling from 5 minutes: 9 attempts over 21 h 15 min</td></tr>
 *   <tr><td>Mailgun</td><td>retries during 8 hours after 5 min, 10 min, 15 min, 1 h, 2 h and 4 h; a
 *       200 ends the delivery, a 406 ends it as rejected; the page exempts the {@code delivered}
 *       notification from retries</td>
 *       <td>{@link #mailgun()}: those 6 waits, 7 attempts over 7 h 30 min, final on 406 (every event
 *       type alike)</td></tr>
 *   <tr><td>PayPal</td><td>no answer, no connection or a non-2xx status is retried up to 25 times
 *       over 3 days; intervals unpublished</td>
 *       <td>{@link #paypal()}: 25 waits doubling from 1 minute, each at most 3 hours: 26 attempts
 *       over 55 h 15 min</td></tr>
 * </table>
 *
 * <p>Sources, read December 2026: Stripe, "Webhooks" and "Manage webhook endpoints" on
 * docs.stripe.com (automatic retries); SendGrid, "Troubleshooting the Event Webhook" (docs
 * repository {@code sendgrid/docs}, {@code tracking-events/troubleshooting.md}); Mailgun,
 * "Automatic Retries" on documentation.mailgun.com ({@code user-manual/webhooks/webhook-retries});
 * PayPal, "Integrate webhooks" on developer.paypal.com ({@code /api/rest/webhooks/rest}).
 * Immutable.
 */
public final class RedeliverySchedule {
  private final String name;
  private final List<Duration> waits;
  private final Set<Integer> finalStatuses;

  private RedeliverySchedule(String name, List<Duration> waits, Set<Integer> finalStatuses) {
    this.name = name;
    this.waits = List.copyOf(waits);
    this.finalStatuses = Set.copyOf(finalStatuses);
  }

  /**
   * A schedule with these waits between attempts, for tests: {@code of()} makes one attempt only,
   * {@code of(Duration.ofMinutes(1))} two.
   *
   * @throws IllegalArgumentException if a wait is negative or zero
   */
  public static RedeliverySchedule of(Duration... waits) {
    Objects.requireNonNull(waits, "waits == null");
    for (Duration wait : waits) {
      Objects.requireNonNull(wait, "waits contains null");
      if (wait.isNegative() || wait.isZero()) {
        throw new IllegalArgumentException("wait <= 0: " + wait);
      }
    }
    return new RedeliverySchedule("custom", Arrays.asList(waits), Set.of());
  }

  /** One attempt and no redelivery. */
  public static RedeliverySchedule none() {
    return new RedeliverySchedule("none", List.of(), Set.of());
  }

  /**
   * {@code retries} waits, the first {@code first}, each next one twice the one before and none
   * longer than {@code maxWait}.
   *
   * @throws IllegalArgumentException if {@code retries} is negative or a duration not positive
   */
  public static RedeliverySchedule doubling(Duration first, Duration maxWait, int retries) {
    Objects.requireNonNull(first, "first == null");
    Objects.requireNonNull(maxWait, "maxWait == null");
    if (retries < 0) {
      throw new IllegalArgumentException("retries < 0: " + retries);
    }
    if (first.isNegative() || first.isZero() || maxWait.compareTo(first) < 0) {
      throw new IllegalArgumentException("need 0 < first <= maxWait: " + first + ", " + maxWait);
    }
    List<Duration> waits = new ArrayList<>();
    Duration wait = first;
    for (int i = 0; i < retries; i++) {
      waits.add(wait);
      wait = wait.multipliedBy(2).compareTo(maxWait) > 0 ? maxWait : wait.multipliedBy(2);
    }
    return new RedeliverySchedule("custom", waits, Set.of());
  }

  /**
   * Stripe in live mode: exponential back-off for up to 3 days (documented); the waits, 5 minutes
   * doubling to at most 24 hours, are the testkit's: 11 attempts, the last 66 h 35 min after the
   * first.
   */
  public static RedeliverySchedule stripe() {
    return doubling(Duration.ofMinutes(5), Duration.ofHours(24), 10).named("stripe");
  }

  /**
   * Stripe in a sandbox (test mode): 3 more attempts over a few hours (documented); the waits, 1, 2
   * and 4 hours, are the testkit's.
   */
  public static RedeliverySchedule stripeSandbox() {
    return of(Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(4))
        .named("stripe-sandbox");
  }

  /**
   * SendGrid's Event Webhook: increasing intervals for up to 24 hours (documented); the waits, 5
   * minutes doubling, are the testkit's: 9 attempts, the last 21 h 15 min after the first.
   */
  public static RedeliverySchedule sendgrid() {
    return doubling(Duration.ofMinutes(5), Duration.ofHours(24), 8).named("sendgrid");
  }

  /**
   * Mailgun: after 5 min, 10 min, 15 min, 1 h, 2 h and 4 h (documented): 7 attempts over 7 h 30
   * min; a 406 answer is a rejection and ends the delivery.
   */
  public static RedeliverySchedule mailgun() {
    return of(
            Duration.ofMinutes(5),
            Duration.ofMinutes(10),
            Duration.ofMinutes(15),
            Duration.ofHours(1),
            Duration.ofHours(2),
            Duration.ofHours(4))
        .withFinalStatuses(406)
        .named("mailgun");
  }

  /**
   * PayPal: up to 25 retries over 3 days (documented); the waits, 1 minute doubling to at most 3
   * hours, are the testkit's: 26 attempts, the last 55 h 15 min after the first.
   */
  public static RedeliverySchedule paypal() {
    return doubling(Duration.ofMinutes(1), Duration.ofHours(3), 25).named("paypal");
  }

  /** A copy that also ends a delivery, as given up, on any of these HTTP statuses. */
  public RedeliverySchedule withFinalStatuses(int... statuses) {
    Objects.requireNonNull(statuses, "statuses == null");
    Set<Integer> all = new TreeSet<>(finalStatuses);
    for (int status : statuses) {
      all.add(status);
    }
    return new RedeliverySchedule(name, waits, all);
  }

  private RedeliverySchedule named(String name) {
    return new RedeliverySchedule(name, waits, finalStatuses);
  }

  /** The waits between attempts, each counted from the attempt before it. */
  public List<Duration> waits() {
    return waits;
  }

  /** How many attempts a delivery gets at most: the first and one per wait. */
  public int attempts() {
    return waits.size() + 1;
  }

  /** The time from the first attempt to the last, when every attempt fails at once. */
  public Duration span() {
    return waits.stream().reduce(Duration.ZERO, Duration::plus);
  }

  /** The wait after attempt {@code attempt} (1 for the first); empty after the last one. */
  public Optional<Duration> waitAfter(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt < 1: " + attempt);
    }
    return attempt <= waits.size() ? Optional.of(waits.get(attempt - 1)) : Optional.empty();
  }

  /** Whether an answer with this status ends the delivery without another attempt. */
  public boolean isFinal(int status) {
    return finalStatuses.contains(status);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RedeliverySchedule other
        && waits.equals(other.waits)
        && finalStatuses.equals(other.finalStatuses);
  }

  @Override
  public int hashCode() {
    return Objects.hash(waits, finalStatuses);
  }

  @Override
  public String toString() {
    return "RedeliverySchedule["
        + name
        + ": "
        + attempts()
        + " attempts over "
        + span()
        + (finalStatuses.isEmpty() ? "" : ", final on " + finalStatuses)
        + "]";
  }
}
