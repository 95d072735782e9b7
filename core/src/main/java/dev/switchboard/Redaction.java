package dev.switchboard;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What of a possibly secret value may appear in a message. Configuration problems quote a bad value
 * through {@link #describe}, and payment tokens are shown through {@link #maskToken}, so that a key
 * pasted into the wrong setting, or a token in a vendor's error message, never reaches a log.
 *
 * <pre>{@code
 * "must be an integer, was " + Redaction.describe(value)
 *     // was 'three', or: was a 32-character value that looks like a credential, not shown
 * Redaction.maskToken("pm_card_visa_4242")   // ****4242
 * }</pre>
 */
public final class Redaction {
  /** Longer values are never quoted: a message quotes a typo, not a pasted document. */
  static final int MAX_SHOWN = 48;

  /**
   * How common credentials begin: secret, restricted and publishable keys, webhook signing secrets,
   * API keys of several mail and chat services, cloud access key ids, and JWTs ({@code eyJ} is the
   * start of an encoded JSON header). Data only: the list names no vendor.
   */
  private static final List<String> CREDENTIAL_PREFIXES =
      List.of(
          "sk_", "rk_", "pk_", "whsec_", "SG.", "key-", "AKIA", "ASIA", "xox", "ghp_", "glpat-",
          "eyJ");

  private static final Pattern TOKEN_ALPHABET = Pattern.compile("[A-Za-z0-9+/=_-]+");
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
  private static final int MIN_RANDOM_LENGTH = 16;
  private static final int MIN_HEX_LENGTH = 24;

  /** Bits per character above which a mixed-case, digit-bearing token is taken to be random. */
  private static final double MIN_RANDOM_ENTROPY = 3.5;

  private Redaction() {}

  /**
   * The value as a message may show it: quoted when it is short and does not look like a
   * credential, such as {@code 'three'}; otherwise only its length, such as {@code a 32-character
   * value that looks like a credential, not shown}.
   */
  public static String describe(String value) {
    if (value == null) {
      return "null";
    }
    if (looksLikeCredential(value)) {
      return "a " + value.length() + "-character value that looks like a credential, not shown";
    }
    if (value.length() > MAX_SHOWN || value.chars().anyMatch(Character::isISOControl)) {
      return "a " + value.length() + "-character value, not shown";
    }
    return "'" + value + "'";
  }

  /**
   * Whether the value begins like a known kind of credential, or is a long hexadecimal string, or a
   * long high-entropy token of mixed-case letters and digits.
   */
  static boolean looksLikeCredential(String value) {
    if (CREDENTIAL_PREFIXES.stream().anyMatch(value::startsWith)) {
      return true;
    }
    if (value.length() < MIN_RANDOM_LENGTH || !TOKEN_ALPHABET.matcher(value).matches()) {
      return false;
    }
    String withoutDashes = value.replace("-", "");
    if (withoutDashes.length() >= MIN_HEX_LENGTH && HEX.matcher(withoutDashes).matches()) {
      return true;
    }
    return value.chars().anyMatch(Character::isUpperCase)
        && value.chars().anyMatch(Character::isLowerCase)
        && value.chars().anyMatch(Character::isDigit)
        && entropy(value) >= MIN_RANDOM_ENTROPY;
  }

  /** Shannon entropy of the value's characters, in bits per character. */
  private static double entropy(String value) {
    Map<Character, Integer> counts = new HashMap<>();
    for (int i = 0; i < value.length(); i++) {
      counts.merge(value.charAt(i), 1, Integer::sum);
    }
    double bits = 0;
    for (int count : counts.values()) {
      double p = (double) count / value.length();
      bits -= p * Math.log(p) / Math.log(2);
    }
    return bits;
  }

  /**
   * A payment token or similar id with all but its last four characters hidden, {@code ****4242};
   * one of eight characters or fewer is hidden entirely, {@code ****}, since four would be half of
   * it.
   */
  public static String maskToken(String token) {
    if (token == null) {
      return "null";
    }
    return token.length() <= 8 ? "****" : "****" + token.substring(token.length() - 4);
  }

  /**
   * The text with every match of {@code tokens} masked by {@link #maskToken}, for a vendor's error
   * message that quotes a payment method or token id. Null stays null.
   */
  public static String maskTokens(String text, Pattern tokens) {
    if (text == null) {
      return null;
    }
    Matcher matcher = tokens.matcher(text);
    StringBuilder masked = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(masked, Matcher.quoteReplacement(maskToken(matcher.group())));
    }
    return matcher.appendTail(masked).toString();
  }
}
