package dev.switchboard.state;

import dev.switchboard.InvalidRequestException;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The in-memory {@link RateState}: Bucket4j's local token buckets on the store's clock. */
final class MemoryRateState implements RateState {
  private final Map<String, QuotaSnapshot> quotas = new ConcurrentHashMap<>();
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final TimeMeter time;

  MemoryRateState(Clock clock) {
    this.time = RateBudgets.timeMeter(clock);
  }

  @Override
  public void publishQuota(String provider, QuotaSnapshot snapshot) {
    InvalidRequestException.requireName("provider", provider);
    Objects.requireNonNull(snapshot, "snapshot == null");
    quotas.merge(
        provider,
        snapshot,
        (old, latest) -> latest.observedAt().isBefore(old.observedAt()) ? old : latest);
  }

  @Override
  public Optional<QuotaSnapshot> quota(String provider) {
    InvalidRequestException.requireName("provider", provider);
    return Optional.ofNullable(quotas.get(provider));
  }

  @Override
  public Duration tryAcquire(String name, int limitForPeriod, Duration period) {
    InvalidRequestException.requireName("name", name);
    RateBudgets.check(limitForPeriod, period);
    Bucket bucket =
        buckets.computeIfAbsent(
            RateBudgets.bucketKey(name, limitForPeriod, period),
            k ->
                Bucket.builder()
                    .addLimit(RateBudgets.bandwidth(limitForPeriod, period))
                    .withCustomTimePrecision(time)
                    .build());
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    return probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
  }
}
