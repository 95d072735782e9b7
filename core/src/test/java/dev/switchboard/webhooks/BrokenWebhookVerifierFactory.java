package dev.switchboard.webhooks;

/** A test-only factory that fails the way careless code does: its message quotes a secret. */
public final class BrokenWebhookVerifierFactory implements WebhookVerifierFactory {
  static final String LEAKED = "whsec_fake_leaked_in_a_message";

  @Override
  public String name() {
    return "broken";
  }

  @Override
  public WebhookVerifier create(WebhookVerifierContext context) {
    throw new IllegalStateException("cannot use " + LEAKED);
  }
}
