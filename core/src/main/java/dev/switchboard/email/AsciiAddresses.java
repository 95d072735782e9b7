package dev.switchboard.email;

import dev.switchboard.InvalidRequestException;
import java.net.IDN;
import java.util.List;
import java.util.Optional;

/**
 * Addresses as a provider without SMTPUTF8 support takes them: a local part must be ASCII, and an
 * internationalised domain travels in its ASCII (IDNA) form, {@code ann@exämple.com} as {@code
 * ann@xn--exmple-cua.com}. Adapters check a message with {@link #check} before sending it and
 * convert each address with {@link #of} while building the request.
 *
 * <pre>{@code
 * AsciiAddresses.check(message, provider).ifPresent(refusal -> { throw refusal; });
 * String to = AsciiAddresses.of(message.to().get(0)).toString();
 * }</pre>
 */
public final class AsciiAddresses {
  private AsciiAddresses() {}

  /**
   * The first address of the message without an ASCII form, looked at in the order from, reply-to,
   * to, cc, bcc.
   *
   * @param provider the provider's name, which the refusal names
   * @return empty when every address has an ASCII form, else the refusal naming the field (such as
   *     {@code cc[0]}), the address and the provider
   */
  public static Optional<InvalidRequestException> check(EmailMessage message, String provider) {
    InvalidRequestException refusal = refusal("from", message.from(), provider);
    if (refusal == null) {
      refusal = firstRefusal("replyTo", message.replyTo(), provider);
    }
    if (refusal == null) {
      refusal = firstRefusal("to", message.to(), provider);
    }
    if (refusal == null) {
      refusal = firstRefusal("cc", message.cc(), provider);
    }
    if (refusal == null) {
      refusal = firstRefusal("bcc", message.bcc(), provider);
    }
    return Optional.ofNullable(refusal);
  }

  /**
   * The address with its domain in ASCII (IDNA) form and its display name kept; an ASCII address is
   * returned as it is.
   *
   * @throws InvalidRequestException (field {@code address}) if it has no ASCII form, which {@link
   *     #check} reports first
   */
  public static EmailAddress of(EmailAddress address) {
    if (isAscii(address.address())) {
      return address;
    }
    String domain = address.domain();
    String ascii = isAscii(domain) ? domain : asciiDomain(domain);
    if (!isAscii(address.localPart()) || ascii == null) {
      throw InvalidRequestException.invalidField(
          "address", address.address() + " has no ASCII form");
    }
    return ascii.equals(domain)
        ? address
        : EmailAddress.of(address.localPart() + "@" + ascii, address.displayName().orElse(null));
  }

  private static InvalidRequestException firstRefusal(
      String list, List<EmailAddress> addresses, String provider) {
    for (int i = 0; i < addresses.size(); i++) {
      EmailAddress address = addresses.get(i);
      // The field's name is built only for an address that may be refused.
      if (!isAscii(address.address())) {
        InvalidRequestException refusal = refusal(list + "[" + i + "]", address, provider);
        if (refusal != null) {
          return refusal;
        }
      }
    }
    return null;
  }

  private static InvalidRequestException refusal(
      String field, EmailAddress address, String provider) {
    if (isAscii(address.address())) {
      return null;
    }
    if (!isAscii(address.localPart())) {
      return InvalidRequestException.invalidField(
          field,
          "the local part of "
              + address.address()
              + " is not ASCII; "
              + provider
              + " does not support SMTPUTF8 addresses");
    }
    String domain = address.domain();
    if (isAscii(domain)) {
      return null;
    }
    String ascii = asciiDomain(domain);
    if (ascii == null || EmailAddress.addressProblem(address.localPart() + "@" + ascii) != null) {
      return InvalidRequestException.invalidField(
          field, "the domain of " + address.address() + " has no ASCII (IDNA) form");
    }
    return null;
  }

  /** The domain's IDNA form, or null when it has none. */
  private static String asciiDomain(String domain) {
    String ascii;
    try {
      ascii = IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED);
    } catch (IllegalArgumentException e) {
      return null;
    }
    return ascii.isEmpty() || !isAscii(ascii) ? null : ascii;
  }

  /** A plain loop: asked for every address of every message, where a stream cost a pipeline. */
  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }
}
