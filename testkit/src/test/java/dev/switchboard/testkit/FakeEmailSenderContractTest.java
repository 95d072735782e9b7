package dev.switchboard.testkit;

import dev.switchboard.email.EmailSender;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

class FakeEmailSenderContractTest extends EmailSenderContract {
  private final Clock clock = Clock.fixed(Instant.parse("2030-03-01T12:00:00Z"), ZoneOffset.UTC);
  private FakeEmailSender fake;

  @Override
  protected EmailSender sender() {
    fake = FakeEmailSender.builder().clock(clock).seed(42).build();
    return fake;
  }

  @Override
  protected List<ReceivedEmail> received() {
    return fake.received();
  }

  @Override
  protected Set<EmailCapability> capabilities() {
    return EnumSet.allOf(EmailCapability.class);
  }

  @Override
  protected Clock clock() {
    return clock;
  }
}
