package dev.switchboard.testkit;

import dev.switchboard.config.EmailSenderFactory;
import dev.switchboard.config.ProviderContext;
import dev.switchboard.email.EmailSender;

/**
 * Builds a {@link FakeEmailSender} for {@code switchboard.email.providers=fake}, so an app runs
 * locally with no vendor. Registered with {@link java.util.ServiceLoader}.
 *
 * <pre>
 * switchboard.email.providers=fake
 * switchboard.email.fake.seed=42                    # default 0
 * switchboard.email.fake.max-schedule-ahead=24h     # default 72h
 * </pre>
 */
public final class FakeEmailSenderFactory implements EmailSenderFactory {
  @Override
  public String name() {
    return "fake";
  }

  @Override
  public EmailSender create(ProviderContext context) {
    return FakeEmailSender.builder()
        .provider(context.provider())
        .clock(context.clock())
        .seed(context.longValue("seed", 0))
        .maxScheduleAhead(
            context.duration("max-schedule-ahead", FakeEmailSender.DEFAULT_MAX_SCHEDULE_AHEAD))
        .build();
  }
}
