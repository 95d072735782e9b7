package dev.switchboard.email.mailgun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ConfigProblem;
import dev.switchboard.config.EmailSenderFactory;
import dev.switchboard.config.Port;
import dev.switchboard.config.ProviderContext;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.email.EmailSender;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Configuration keys to a sender, and every bad key reported at once. */
class MailgunEmailSenderFactoryTest {
  private static final String KEY = "key-fake-factory-secret";

  private static ProviderContext context(Map<String, String> values) {
    return ProviderContext.create(SwitchboardConfig.fromMap(values), Port.EMAIL, "mailgun");
  }

  @Test
  void isDiscoveredAsMailgun() {
    assertThat(ServiceLoader.load(EmailSenderFactory.class).stream())
        .anySatisfy(
            p -> {
              assertThat(p.type()).isEqualTo(MailgunEmailSenderFactory.class);
              assertThat(p.get().name()).isEqualTo("mailgun");
            });
  }

  @Test
  void sendsToTheUsRegionByDefaultAndTheEuRegionWhenConfigured() {
    ProviderContext us =
        context(
            Map.of(
                "switchboard.email.mailgun.api-key",
                KEY,
                "switchboard.email.mailgun.domain",
                "mg.example.com"));
    ProviderContext eu =
        context(
            Map.of(
                "switchboard.email.mailgun.api-key", KEY,
                "switchboard.email.mailgun.domain", "mg.example.com",
                "switchboard.email.mailgun.region", "EU"));

    EmailSender usSender = new MailgunEmailSenderFactory().create(us);
    EmailSender euSender = new MailgunEmailSenderFactory().create(eu);

    us.throwIfProblems();
    eu.throwIfProblems();
    assertThat(usSender.provider()).isEqualTo("mailgun");
    assertThat(usSender.toString()).contains("https://api.mailgun.net/").doesNotContain(KEY);
    assertThat(euSender.toString()).contains("https://api.eu.mailgun.net/");
  }

  @Test
  void aBaseUrlOverridesTheRegion() {
    ProviderContext context =
        context(
            Map.of(
                "switchboard.email.mailgun.api-key", KEY,
                "switchboard.email.mailgun.domain", "mg.example.com",
                "switchboard.email.mailgun.region", "eu",
                "switchboard.email.mailgun.base-url", "http://127.0.0.1:9/"));

    EmailSender sender = new MailgunEmailSenderFactory().create(context);

    context.throwIfProblems();
    assertThat(sender.toString()).contains("http://127.0.0.1:9/");
  }

  @Test
  void reportsEveryBadKeyAtOnceWithoutQuotingTheKey() {
    ProviderContext context =
        context(
            Map.of(
                "switchboard.email.mailgun.region", "asia",
                "switchboard.email.mailgun.max-schedule-ahead", "soon"));

    new MailgunEmailSenderFactory().create(context);

    assertThat(context.problems())
        .extracting(ConfigProblem::key)
        .contains(
            "switchboard.email.mailgun.api-key",
            "switchboard.email.mailgun.domain",
            "switchboard.email.mailgun.region",
            "switchboard.email.mailgun.max-schedule-ahead");
  }

  @Test
  void aDomainThatIsNotADnsNameIsAProblemUnderItsKey() {
    ProviderContext context =
        context(
            Map.of(
                "switchboard.email.mailgun.api-key",
                KEY,
                "switchboard.email.mailgun.domain",
                "not a domain"));

    new MailgunEmailSenderFactory().create(context);

    assertThat(context.problems())
        .extracting(ConfigProblem::key)
        .containsExactly("switchboard.email.mailgun.domain");
  }
}
