package dev.switchboard.email;

import dev.switchboard.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A mailbox: an address such as {@code ann@example.com} and an optional display name.
 *
 * <pre>{@code
 * EmailAddress a = EmailAddress.of("ann@example.com");
 * EmailAddress b = EmailAddress.of("ann@example.com", "Ann Example");
 * EmailAddress c = EmailAddress.parse("\"Example, Ann\" <ann@example.com>");
 * }</pre>
 *
 * <p>The syntax check is the pragmatic subset of RFC 5321/5322 that the vendors accept: exactly one
 * {@code @}; a dot-atom local part of at most 64 octets (no quoted local parts, no leading,
 * trailing or doubled dots; non-ASCII letters are allowed, as SMTPUTF8 permits); a domain with at
 * least one dot whose labels hold letters (including IDN letters), digits and inner hyphens; at
 * most 254 octets in all. Control characters, CR and LF are refused in the address and in the
 * display name, so neither can smuggle a header into a message. A blank display name counts as
 * none; a display name holds at most 256 characters.
 *
 * <p>Case is kept as given. {@link #equals} compares the local part exactly and the domain without
 * regard to case, and compares the display names.
 */
public final class EmailAddress {
  /** The longest address accepted, in UTF-8 octets (RFC 5321 path limit less the brackets). */
  public static final int MAX_ADDRESS_OCTETS = 254;

  /** The longest local part (before the {@code @}) accepted, in UTF-8 octets. */
  public static final int MAX_LOCAL_PART_OCTETS = 64;

  /** The longest domain accepted, in UTF-8 octets. */
  public static final int MAX_DOMAIN_OCTETS = 255;

  /** The longest display name accepted, in characters. */
  public static final int MAX_DISPLAY_NAME_LENGTH = 256;

  private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

  private final String address;
  private final String displayName;

  private EmailAddress(String address, String displayName) {
    this.address = address;
    this.displayName = displayName;
  }

  /**
   * An address without a display name.
   *
   * @throws InvalidRequestException (field {@code address}) if the address is malformed
   */
  public static EmailAddress of(String address) {
    return of(address, null);
  }

  /**
   * An address with a display name; a null or blank name means none.
   *
   * @throws InvalidRequestException (field {@code address} or {@code displayName}) if either is
   *     malformed
   */
  public static EmailAddress of(String address, String displayName) {
    String addressProblem = addressProblem(address);
    if (addressProblem != null) {
      throw InvalidRequestException.invalidField("address", addressProblem);
    }
    String name = displayName == null || displayName.isBlank() ? null : displayName;
    if (name != null) {
      String nameProblem = displayNameProblem(name);
      if (nameProblem != null) {
        throw InvalidRequestException.invalidField("displayName", nameProblem);
      }
    }
    return new EmailAddress(address, name);
  }

  /**
   * Parses {@code ann@example.com}, {@code <ann@example.com>}, {@code Ann Example
   * <ann@example.com>} or {@code "Example, Ann" <ann@example.com>} (backslash escapes inside the
   * quotes). Whitespace around the whole input and around the name is ignored; comments and groups
   * are not supported.
   *
   * @throws InvalidRequestException (field {@code address} or {@code displayName}) if the input is
   *     not one of these forms or its parts are malformed
   */
  public static EmailAddress parse(String text) {
    Objects.requireNonNull(text, "text == null");
    String controlProblem = controlCharacterProblem(text);
    if (controlProblem != null) {
      throw InvalidRequestException.invalidField("address", controlProblem);
    }
    String s = text.strip();
    if (!s.endsWith(">")) {
      return of(s);
    }
    int open = s.lastIndexOf('<');
    if (open < 0) {
      throw InvalidRequestException.invalidField(
          "address", "'>' without a matching '<' in '" + s + "'");
    }
    String address = s.substring(open + 1, s.length() - 1);
    return of(address, unquote(s.substring(0, open).strip()));
  }

  private static String unquote(String name) {
    if (!name.startsWith("\"")) {
      if (name.indexOf('"') >= 0 || name.indexOf('<') >= 0 || name.indexOf('>') >= 0) {
        throw InvalidRequestException.invalidField(
            "displayName",
            "a display name holding '\"', '<' or '>' must be quoted: '" + name + "'");
      }
      return name;
    }
    StringBuilder out = new StringBuilder();
    int i = 1;
    while (i < name.length()) {
      char c = name.charAt(i);
      if (c == '\\' && i + 1 < name.length()) {
        out.append(name.charAt(i + 1));
        i += 2;
      } else if (c == '"') {
        if (i != name.length() - 1) {
          throw InvalidRequestException.invalidField(
              "displayName", "text after the closing quote of '" + name + "'");
        }
        return out.toString();
      } else {
        out.append(c);
        i++;
      }
    }
    throw InvalidRequestException.invalidField(
        "displayName", "unterminated quoted display name '" + name + "'");
  }

  /** The address as given, such as {@code ann@example.com}. */
  public String address() {
    return address;
  }

  /** The display name, such as {@code Ann Example}, when there is one. */
  public Optional<String> displayName() {
    return Optional.ofNullable(displayName);
  }

  /** The part before the {@code @}. */
  public String localPart() {
    return address.substring(0, address.indexOf('@'));
  }

  /** The part after the {@code @}, case as given. */
  public String domain() {
    return address.substring(address.indexOf('@') + 1);
  }

  /** This address with another display name (null or blank for none). */
  public EmailAddress withDisplayName(String displayName) {
    return of(address, displayName);
  }

  /**
   * Whether both name the same mailbox: the addresses match with the domain compared without regard
   * to case; display names are ignored.
   */
  public boolean sameMailboxAs(EmailAddress other) {
    return other != null
        && localPart().equals(other.localPart())
        && domain().equalsIgnoreCase(other.domain());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EmailAddress other
        && sameMailboxAs(other)
        && Objects.equals(displayName, other.displayName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(localPart(), domain().toLowerCase(Locale.ROOT), displayName);
  }

  /**
   * The RFC 5322 form: {@code ann@example.com} without a name, {@code Ann Example
   * <ann@example.com>} with one, and {@code "Example, Ann" <ann@example.com>} when the name holds
   * characters that need quoting.
   */
  @Override
  public String toString() {
    if (displayName == null) {
      return address;
    }
    return (needsQuoting(displayName) ? quote(displayName) : displayName) + " <" + address + ">";
  }

  private static boolean needsQuoting(String name) {
    if (name.startsWith(" ") || name.endsWith(" ") || name.contains("  ")) {
      return true;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c != ' ' && !isAtext(c)) {
        return true;
      }
    }
    return false;
  }

  private static String quote(String name) {
    return '"' + name.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /** Why {@code address} is not acceptable, or null when it is. */
  static String addressProblem(String address) {
    if (address == null) {
      return "address == null";
    }
    if (address.isEmpty()) {
      return "address is empty";
    }
    String control = controlCharacterProblem(address);
    if (control != null) {
      return control;
    }
    int at = address.indexOf('@');
    if (at < 0 || address.indexOf('@', at + 1) >= 0) {
      return "address must hold exactly one '@': '" + address + "'";
    }
    if (octets(address) > MAX_ADDRESS_OCTETS) {
      return "address is longer than " + MAX_ADDRESS_OCTETS + " octets: '" + address + "'";
    }
    String local = address.substring(0, at);
    String domain = address.substring(at + 1);
    String localProblem = localPartProblem(local);
    if (localProblem != null) {
      return localProblem + ": '" + address + "'";
    }
    String domainProblem = domainProblem(domain);
    if (domainProblem != null) {
      return domainProblem + ": '" + address + "'";
    }
    return null;
  }

  private static String localPartProblem(String local) {
    if (local.isEmpty()) {
      return "local part is empty";
    }
    if (octets(local) > MAX_LOCAL_PART_OCTETS) {
      return "local part is longer than " + MAX_LOCAL_PART_OCTETS + " octets";
    }
    if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
      return "local part has a leading, trailing or doubled dot";
    }
    for (int i = 0; i < local.length(); ) {
      int cp = local.codePointAt(i);
      if (cp != '.' && !isAtext(cp)) {
        return "local part holds '" + new String(Character.toChars(cp)) + "'";
      }
      i += Character.charCount(cp);
    }
    return null;
  }

  private static String domainProblem(String domain) {
    if (domain.isEmpty()) {
      return "domain is empty";
    }
    if (octets(domain) > MAX_DOMAIN_OCTETS) {
      return "domain is longer than " + MAX_DOMAIN_OCTETS + " octets";
    }
    if (domain.indexOf('.') < 0) {
      return "domain has no dot";
    }
    // Label by label, as split("\\.", -1) would give them, without the array and the strings.
    for (int start = 0; start <= domain.length(); ) {
      int dot = domain.indexOf('.', start);
      int end = dot < 0 ? domain.length() : dot;
      if (start == end) {
        return "domain has an empty label";
      }
      if (end - start > 63) {
        return "domain label longer than 63 characters";
      }
      if (domain.charAt(start) == '-' || domain.charAt(end - 1) == '-') {
        return "domain label starts or ends with '-'";
      }
      for (int i = start; i < end; ) {
        int cp = domain.codePointAt(i);
        if (cp != '-' && !isLetterOrDigit(cp)) {
          return "domain holds '" + new String(Character.toChars(cp)) + "'";
        }
        i += Character.charCount(cp);
      }
      start = end + 1;
    }
    return null;
  }

  /** Why {@code name} is not an acceptable display name, or null when it is. */
  static String displayNameProblem(String name) {
    if (name.length() > MAX_DISPLAY_NAME_LENGTH) {
      return "display name is longer than "
          + MAX_DISPLAY_NAME_LENGTH
          + " characters ("
          + name.length()
          + ")";
    }
    return controlCharacterProblem(name);
  }

  /**
   * Refuses CR, LF, NUL and every other control or line-separator character: in a header value they
   * would end the header and start another.
   */
  static String controlCharacterProblem(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int type = Character.getType(c);
      if (Character.isISOControl(c)
          || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR) {
        return "control character U+" + String.format("%04X", (int) c) + " at index " + i;
      }
    }
    return null;
  }

  private static boolean isAtext(int cp) {
    if (cp < 0x80) {
      return (cp >= 'a' && cp <= 'z')
          || (cp >= 'A' && cp <= 'Z')
          || (cp >= '0' && cp <= '9')
          || ATEXT_SPECIALS.indexOf(cp) >= 0;
    }
    return isLetterOrDigit(cp);
  }

  private static boolean isLetterOrDigit(int cp) {
    if (cp < 0x80) {
      return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    }
    int type = Character.getType(cp);
    // Combining marks are part of letters in scripts such as Devanagari and Thai.
    return Character.isLetterOrDigit(cp)
        || type == Character.NON_SPACING_MARK
        || type == Character.COMBINING_SPACING_MARK;
  }

  private static int octets(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
