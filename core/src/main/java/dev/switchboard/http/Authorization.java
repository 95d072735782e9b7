package dev.switchboard.http;

import dev.switchboard.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Builds {@code Authorization} header values for {@link VendorHttpConfig.Builder#authorization}.
 * Call it inside the supplier, so that a rotated secret is picked up on the next request:
 *
 * <pre>{@code
 * .authorization(() -> Authorization.bearer(apiKey.get()))
 * .authorization(() -> Authorization.basic("api", apiKey.get()))
 * }</pre>
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
