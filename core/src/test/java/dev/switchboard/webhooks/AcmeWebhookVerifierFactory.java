package dev.switchboard.webhooks;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.config.Secret;
import java.time.Duration;
import java.util.List;

/** A test-only vendor's factory, registered in META-INF/services under the name {@code acme}. */
public final class AcmeWebhookVerifierFactory implements WebhookVerifierFactory {
  @Override
  public String name() {
    return "acme";
  }

  @Override
  public WebhookVerifier create(WebhookVerifierContext context) {
    Secret secret = context.secret("secret");
    Duration tolerance = context.duration("tolerance", Duration.ofMinutes(5));
    // Unlike the adapters, which return null, this one throws its context's problems itself.
    context.throwIfProblems();
    if (tolerance.compareTo(Duration.ofDays(1)) > 0) {
      // As a verifier's builder would: the field is the setting's name.
      throw InvalidRequestException.invalidField("tolerance", "tolerance must be at most a day");
    }
    return new AcmeVerifier(
        context.provider(),
        secret,
        tolerance,
        context.replayGuard(
            "webhooks-" + context.provider() + "-tokens", tolerance.multipliedBy(2)));
  }

  /** What the factory built, for the test to look at. */
  record AcmeVerifier(String provider, Secret secret, Duration tolerance, ReplayGuard guard)
      implements WebhookVerifier {
    @Override
    public List<WebhookEvent> verify(WebhookRequest request) {
      return List.of();
    }

    @Override
    public String toString() {
      return "AcmeVerifier{provider=" + provider + ", tolerance=" + tolerance + "}";
    }
  }
}
