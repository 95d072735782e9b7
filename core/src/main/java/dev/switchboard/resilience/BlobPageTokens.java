package dev.switchboard.resilience;

/**
 * {@link FailoverBlobStore}'s page tokens: {@code <length of the store's name>:<name><the store's
 * token>}, so that any name and any token can be told apart again.
 */
final class BlobPageTokens {
  private BlobPageTokens() {}

  static String of(String provider, String token) {
    return provider.length() + ":" + provider + token;
  }

  static String provider(String token, int colon) {
    int length = nameLength(token, colon);
    int end = colon + 1 + length;
    return length <= 0 || end >= token.length() ? "" : token.substring(colon + 1, end);
  }

  static String inner(String token, int colon) {
    return token.substring(colon + 1 + nameLength(token, colon));
  }

  private static int nameLength(String token, int colon) {
    String digits = token.substring(0, colon);
    if (digits.length() > 4 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return -1;
    }
    return Integer.parseInt(digits);
  }
}
