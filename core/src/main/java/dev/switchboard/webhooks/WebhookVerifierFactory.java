package dev.switchboard.webhooks;

/**
 * Builds one vendor's {@link WebhookVerifier} from configuration. An adapter implements it, gives
 * it a public no-argument constructor and lists the class in {@code
 * META-INF/services/dev.switchboard.webhooks.WebhookVerifierFactory}; {@link WebhookVerifiers}
 * finds it with {@link java.util.ServiceLoader} by {@link #name()}.
 *
 * <pre>{@code
 * public final class AcmeWebhookVerifierFactory implements WebhookVerifierFactory {
 *   public String name() {
 *     return "acme";
 *   }
 *
 *   public WebhookVerifier create(WebhookVerifierContext context) {
 *     AcmeWebhookVerifier.Builder builder = AcmeWebhookVerifier.builder()
 *         .provider(context.provider())
 *         .secret(context.secret("secret"))                  // switchboard.webhooks.acme.secret
 *         .tolerance(context.duration("tolerance", Duration.ofMinutes(5)))
 *         .clock(context.clock());
 *     return context.problems().isEmpty() ? builder.build() : null;
 *   }
 * }
 * }</pre>
 */
public interface WebhookVerifierFactory {
  /**
   * The factory's name, lower-case letters, digits and {@code -}: the {@code acme} in {@code
   * switchboard.webhooks.acme.type=acme}, and the provider name that needs no {@code type}.
   */
  String name();

  /**
   * Builds the verifier. Read every setting through {@code context}, which records each bad value
   * under its full key. When the context holds problems, return null rather than building with
   * placeholders: {@link WebhookVerifiers} then reports every problem at once. An {@link
   * dev.switchboard.InvalidRequestException} the verifier's builder throws is reported under the
   * key its field names.
   */
  WebhookVerifier create(WebhookVerifierContext context);

  /**
   * The verifier's keys, relative to {@code switchboard.webhooks.<provider>.}, besides {@code
   * type}: the only ones the unknown-key check accepts there. The default, {@link
   * dev.switchboard.config.ConfigKeys#undeclared()}, leaves them unchecked.
   */
  default dev.switchboard.config.ConfigKeys keys() {
    return dev.switchboard.config.ConfigKeys.undeclared();
  }
}
