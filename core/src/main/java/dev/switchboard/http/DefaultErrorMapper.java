package dev.switchboard.http;

import dev.switchboard.AuthenticationException;
import dev.switchboard.ConflictException;
import dev.switchboard.ErrorContext;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.NotFoundException;
import dev.switchboard.OutcomeUnknownException;
import dev.switchboard.ProviderUnavailableException;
import dev.switchboard.RateLimitedException;
import dev.switchboard.SwitchboardException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Maps an HTTP status to the taxonomy when the vendor's body says nothing more specific. Adapters'
 * own {@link ErrorMapper}s delegate to it for whatever they do not recognise.
 *
 * <table>
 *   <caption>Status to exception</caption>
 *   <tr><th>status</th><th>exception</th></tr>
 *   <tr><td>400, 422</td><td>{@code InvalidRequestException}</td></tr>
 *   <tr><td>401, 403</td><td>{@code AuthenticationException}</td></tr>
 *   <tr><td>404</td><td>{@code NotFoundException}</td></tr>
 *   <tr><td>409, 412</td><td>{@code ConflictException}</td></tr>
 *   <tr><td>429</td><td>{@code RateLimitedException}, with {@code Retry-After} as its hint</td></tr>
 *   <tr><td>503</td><td>{@code ProviderUnavailableException} if the vendor's config says a 503 is
 *       never processed, else {@code OutcomeUnknownException}</td></tr>
 *   <tr><td>any other</td><td>{@code OutcomeUnknownException}: the request may have acted</td></tr>
 * </table>
 *
 * <pre>{@code
 * ErrorMapper fallback = DefaultErrorMapper.create(config);
 * }</pre>
 */
public final class DefaultErrorMapper implements ErrorMapper {
  private final Clock clock;
  private final boolean unavailableMeansNotProcessed;

  private DefaultErrorMapper(Clock clock, boolean unavailableMeansNotProcessed) {
    this.clock = clock;
    this.unavailableMeansNotProcessed = unavailableMeansNotProcessed;
  }

  /** A mapper using the config's clock (for {@code Retry-After} dates) and its 503 rule. */
  public static DefaultErrorMapper create(VendorHttpConfig config) {
    if (config == null) {
      throw new NullPointerException("config == null");
    }
    return new DefaultErrorMapper(config.clock(), config.unavailableMeansNotProcessed());
  }

  @Override
  public SwitchboardException map(HttpFailure failure) {
    int status = failure.status();
    ErrorContext context = failure.context();
    String suffix = failure.requestIdSuffix();
    switch (status) {
      case 400:
      case 422:
        return new InvalidRequestException(
            "HTTP " + status + ": request rejected" + suffix, context);
      case 401:
      case 403:
        return new AuthenticationException(
            "HTTP " + status + ": credentials rejected" + suffix, context);
      case 404:
        return new NotFoundException("HTTP 404: not found" + suffix, context);
      case 409:
      case 412:
        return new ConflictException("HTTP " + status + ": conflict" + suffix, context);
      case 429:
        return new RateLimitedException(
            "HTTP 429: rate limited" + suffix,
            context,
            retryAfter(failure.header("Retry-After").orElse(null), clock).orElse(null));
      case 503:
        if (unavailableMeansNotProcessed) {
          return new ProviderUnavailableException(
              "HTTP 503: unavailable, not processed" + suffix, context);
        }
        return new OutcomeUnknownException("HTTP 503: unavailable" + suffix, context);
      default:
        return new OutcomeUnknownException(
            "HTTP " + status + ": outcome unknown" + suffix, context);
    }
  }

  /**
   * Reads a {@code Retry-After} value: delta-seconds, or an HTTP-date measured from the clock's now
   * (a date in the past gives zero). Empty when absent or unreadable.
   */
  public static Optional<Duration> retryAfter(String value, Clock clock) {
    if (clock == null) {
      throw new NullPointerException("clock == null");
    }
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String trimmed = value.trim();
    if (trimmed.chars().allMatch(Character::isDigit)) {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(trimmed)));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    try {
      Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(clock.instant(), at);
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
