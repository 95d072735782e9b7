package dev.switchboard.payments;

import static dev.switchboard.InvalidRequestException.invalidField;

import dev.switchboard.Redaction;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How the buyer pays: either a vendor token per provider, or a buyer-approval flow.
 *
 * <p>A token (a saved card, a vault id) is bound to the vendor that issued it, so a source holds at
 * most one token per provider. A failover composite can move a charge only to the providers the
 * source has a token for; a provider's {@link PaymentGateway#supports supports} says so.
 *
 * <pre>{@code
 * PaymentSource card = PaymentSource.token("acme-pay", "tok_123").orToken("other-pay", "vault-id");
 * PaymentSource redirect = PaymentSource.approval(
 *     URI.create("https://shop.example/paid"), URI.create("https://shop.example/cart"));
 * }</pre>
 *
 * <p>Immutable: {@link #orToken} returns a new source. {@link #toString()} shows provider names and
 * only the last four characters of each token.
 */
public final class PaymentSource {
  /** What a source holds. */
  public enum Kind {
    /** One vendor token per provider. */
    TOKEN,
    /** No token: the buyer approves the payment at the provider, then returns. */
    APPROVAL
  }

  private final Map<String, String> tokens;
  private final URI returnUrl;
  private final URI cancelUrl;

  private PaymentSource(Map<String, String> tokens, URI returnUrl, URI cancelUrl) {
    this.tokens = tokens;
    this.returnUrl = returnUrl;
    this.cancelUrl = cancelUrl;
  }

  /**
   * A source holding one provider's token.
   *
   * @throws dev.switchboard.InvalidRequestException if either is blank
   */
  public static PaymentSource token(String provider, String token) {
    return new PaymentSource(Map.of(), null, null).withToken(provider, token);
  }

  /**
   * A buyer-approval flow: the payment requires action at the provider's approval page, which sends
   * the buyer back to {@code returnUrl} once approved or to {@code cancelUrl} otherwise.
   *
   * @throws dev.switchboard.InvalidRequestException unless both are absolute http(s) URIs
   */
  public static PaymentSource approval(URI returnUrl, URI cancelUrl) {
    return new PaymentSource(
        Map.of(), checkUrl("source.returnUrl", returnUrl), checkUrl("source.cancelUrl", cancelUrl));
  }

  /**
   * This source with another provider's token added, to use when a charge moves to that provider.
   *
   * @throws dev.switchboard.InvalidRequestException if the provider already has a token here, if
   *     either is blank, or if this is an approval source
   */
  public PaymentSource orToken(String provider, String token) {
    if (kind() == Kind.APPROVAL) {
      throw invalidField("source", "an approval source holds no tokens");
    }
    return withToken(provider, token);
  }

  private PaymentSource withToken(String provider, String token) {
    Objects.requireNonNull(provider, "provider == null");
    if (provider.isBlank()) {
      throw invalidField("source.provider", "provider is blank");
    }
    Objects.requireNonNull(token, "token == null");
    if (token.isBlank()) {
      throw invalidField("source.token", "token for provider \"" + provider + "\" is blank");
    }
    if (tokens.containsKey(provider)) {
      throw invalidField(
          "source.provider", "provider \"" + provider + "\" already has a token in this source");
    }
    if (tokens.isEmpty()) {
      return new PaymentSource(Collections.singletonMap(provider, token), null, null);
    }
    Map<String, String> more = new LinkedHashMap<>(tokens);
    more.put(provider, token);
    return new PaymentSource(Collections.unmodifiableMap(more), null, null);
  }

  public Kind kind() {
    return returnUrl == null ? Kind.TOKEN : Kind.APPROVAL;
  }

  /** The token issued by {@code provider}, if this source holds one. */
  public Optional<String> tokenFor(String provider) {
    return Optional.ofNullable(tokens.get(provider));
  }

  /** The providers this source holds tokens for, in the order they were added. */
  public Set<String> providers() {
    return tokens.keySet();
  }

  /** Where the provider sends the buyer after approving; present for approval sources. */
  public Optional<URI> returnUrl() {
    return Optional.ofNullable(returnUrl);
  }

  /** Where the provider sends the buyer after declining; present for approval sources. */
  public Optional<URI> cancelUrl() {
    return Optional.ofNullable(cancelUrl);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PaymentSource other
        && tokens.equals(other.tokens)
        && Objects.equals(returnUrl, other.returnUrl)
        && Objects.equals(cancelUrl, other.cancelUrl);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tokens, returnUrl, cancelUrl);
  }

  /**
   * {@code PaymentSource[acme-pay=****_123, other-pay=****-id]} or {@code PaymentSource[approval,
   * return=..., cancel=...]}. Tokens of eight characters or fewer are masked entirely.
   */
  @Override
  public String toString() {
    if (kind() == Kind.APPROVAL) {
      return "PaymentSource[approval, return=" + returnUrl + ", cancel=" + cancelUrl + "]";
    }
    StringBuilder s = new StringBuilder("PaymentSource[");
    tokens.forEach(
        (provider, token) -> {
          if (s.length() > "PaymentSource[".length()) {
            s.append(", ");
          }
          s.append(provider).append('=').append(Redaction.maskToken(token));
        });
    return s.append(']').toString();
  }

  private static URI checkUrl(String field, URI url) {
    if (url == null) {
      throw new NullPointerException(field + " == null");
    }
    String scheme = url.getScheme();
    if (!url.isAbsolute()
        || url.isOpaque()
        || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
        || url.getHost() == null) {
      throw invalidField(field, field + " must be an absolute http(s) URL, got " + url);
    }
    return url;
  }
}
