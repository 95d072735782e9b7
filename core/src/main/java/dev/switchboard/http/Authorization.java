package dev.switchboard.http;

import dev.switchboard.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Builds {@code Authorization} header values for {@link VendorHttpConfig.Builder#authorization}.
 * Call it inside the supplier, so that a rotated secret is picked up on the next request:
 *
 * <pre>{@code
 * .authorization(() -> Authorization.bearer(apiKey.get()))
 * .authorization(() -> Authorization.basic("api", apiKey.get()))
 * }</pre>
 *
 * <p>Or hand it the secret's supplier: {@link #bearerFrom(Supplier)} and {@link #basicFrom(String,
 * Supplier)} read the secret for every request too, and build and check the header again only when
 * the secret changed, instead of on every call.
 *
 * <p>Error messages name the offending part, never its value.
 */
public final class Authorization {
  private Authorization() {}

  /**
   * {@code Bearer <token>}.
   *
   * @throws InvalidRequestException if the token is null, blank, or holds whitespace or control
   *     characters
   */
  public static String bearer(String token) {
    checkToken("token", token);
    return "Bearer " + token;
  }

  /**
   * {@code Basic base64(user:password)}, UTF-8 encoded (RFC 7617).
   *
   * @throws InvalidRequestException if the user is null, empty or holds a colon
   * @throws NullPointerException if the password is null
   */
  public static String basic(String user, String password) {
    if (user == null || user.isEmpty()) {
      throw InvalidRequestException.invalidField("user", "user must not be empty");
    }
    if (user.indexOf(':') >= 0) {
      throw InvalidRequestException.invalidField("user", "user must not contain ':'");
    }
    if (password == null) {
      throw new NullPointerException("password == null");
    }
    String pair = user + ':' + password;
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A supplier of {@link #bearer(String) Bearer <token>} that reads {@code token} on every call and
   * builds the header again only when the token is not the one it last saw.
   */
  public static Supplier<String> bearerFrom(Supplier<String> token) {
    return new Remembered(token, Authorization::bearer);
  }

  /**
   * A supplier of {@link #basic(String, String) Basic base64(user:password)} that reads {@code
   * password} on every call and builds the header again only when the password is not the one it
   * last saw.
   */
  public static Supplier<String> basicFrom(String user, Supplier<String> password) {
    return new Remembered(password, secret -> basic(user, secret));
  }

  /** The header last built and the secret it was built from; a failure is not remembered. */
  private static final class Remembered implements Supplier<String> {
    private record Built(String secret, String header) {
      @Override
      public String toString() {
        return "Built[header and secret redacted]";
      }
    }

    private final Supplier<String> secret;
    private final Function<String, String> build;
    // Races only rebuild the header: each Built is immutable, published through its final fields.
    private Built last;

    Remembered(Supplier<String> secret, Function<String, String> build) {
      this.secret = Objects.requireNonNull(secret, "secret supplier == null");
      this.build = build;
    }

    @Override
    public String get() {
      String current = secret.get();
      Built built = last;
      if (built != null && current != null && current.equals(built.secret())) {
        return built.header();
      }
      String header = build.apply(current);
      last = new Built(current, header);
      return header;
    }

    @Override
    public String toString() {
      return "Authorization.Remembered";
    }
  }

  private static void checkToken(String field, String token) {
    if (token == null || token.isBlank()) {
      throw InvalidRequestException.invalidField(field, field + " must not be blank");
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        throw InvalidRequestException.invalidField(
            field, field + " may hold only printable ASCII without spaces");
      }
    }
  }
}
