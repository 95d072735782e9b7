package dev.switchboard.payments.paypal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Types;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.http.SwitchboardMoshi;
import dev.switchboard.payments.ChargeRequest;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * The limits PayPal's Orders v2 reference documents for a purchase unit, declared once: {@link
 * PayPalPaymentGateway} checks a charge against them before sending it ({@link
 * PayPalPaymentGateway#check}), and a failover composite leaves PayPal out of a charge that breaks
 * them.
 *
 * <table>
 *   <caption>PayPal's limits (Orders v2, {@code purchase_unit_request} and {@code money})</caption>
 *   <tr><th>field</th><th>sent as</th><th>limit</th></tr>
 *   <tr><td>{@code description}</td><td>{@code description}</td>
 *       <td>{@value #MAX_DESCRIPTION_LENGTH} characters</td></tr>
 *   <tr><td>{@code customerReference}</td><td>{@code reference_id}</td>
 *       <td>{@value #MAX_REFERENCE_ID_LENGTH} characters</td></tr>
 *   <tr><td>{@code metadata}</td><td>{@code custom_id}, as JSON</td>
 *       <td>{@value #MAX_CUSTOM_ID_LENGTH} characters</td></tr>
 *   <tr><td>{@code statementDescriptor}</td><td>{@code soft_descriptor}</td>
 *       <td>{@value #MAX_SOFT_DESCRIPTOR_LENGTH} characters</td></tr>
 *   <tr><td>{@code amount}</td><td>{@code amount.value}</td>
 *       <td>{@value #MAX_INTEGER_DIGITS} digits before the decimal point, {@value
 *       #MAX_VALUE_LENGTH} characters</td></tr>
 * </table>
 *
 * <pre>{@code
 * PayPalLimits.check(request, "paypal").ifPresent(e -> log.info("{}", e.getMessage()));
 * }</pre>
 *
 * <p>The testkit's {@code PayPalSimulator} keeps its own copy of these numbers (the testkit cannot
 * depend on an adapter); a test in this module checks that the two agree.
 */
public final class PayPalLimits {
  /** The longest {@code purchase_units[].description}, in characters. */
  public static final int MAX_DESCRIPTION_LENGTH = 127;

  /** The longest {@code purchase_units[].reference_id}, in characters. */
  public static final int MAX_REFERENCE_ID_LENGTH = 256;

  /**
   * The longest {@code purchase_units[].custom_id}, in characters: the older Orders v2 reference's
   * 127, kept although PayPal's current server SDKs document 255.
   */
  public static final int MAX_CUSTOM_ID_LENGTH = 127;

  /** The longest {@code purchase_units[].soft_descriptor}, in characters. */
  public static final int MAX_SOFT_DESCRIPTOR_LENGTH = 22;

  /** The longest {@code amount.value}, in characters. */
  public static final int MAX_VALUE_LENGTH = 32;

  /** The most digits {@code amount.value} may have before the decimal point. */
  public static final int MAX_INTEGER_DIGITS = 15;

  private static final JsonAdapter<Map<String, String>> METADATA =
      SwitchboardMoshi.create()
          .adapter(Types.newParameterizedType(Map.class, String.class, String.class));

  private PayPalLimits() {}

  /**
   * The charge's metadata as it travels in {@code custom_id}: compact JSON, or null when there is
   * none.
   */
  public static String customId(Map<String, String> metadata) {
    return metadata.isEmpty() ? null : METADATA.toJson(metadata);
  }

  /**
   * What PayPal would refuse in the charge's purchase unit, found without asking PayPal: the
   * amount's digits, the description, the customer reference, the metadata as {@code custom_id}
   * JSON and the statement descriptor.
   *
   * @param provider the provider's name, which the message names
   * @return empty when the charge keeps to every limit, else the refusal for the first field that
   *     does not, naming the field, the limit and the provider
   */
  public static Optional<InvalidRequestException> check(ChargeRequest request, String provider) {
    BigDecimal value = request.amount().toDecimal();
    int digits = Math.max(1, value.precision() - value.scale());
    if (digits > MAX_INTEGER_DIGITS) {
      return refusal(
          "amount",
          "amount "
              + value.toPlainString()
              + " has "
              + digits
              + " digits before the decimal point; "
              + provider
              + " allows at most "
              + MAX_INTEGER_DIGITS
              + " (purchase_units[].amount.value)");
    }
    Optional<InvalidRequestException> tooLong =
        length(
            "description", request.description(), MAX_DESCRIPTION_LENGTH, "description", provider);
    if (tooLong.isEmpty()) {
      tooLong =
          length(
              "customerReference",
              request.customerReference(),
              MAX_REFERENCE_ID_LENGTH,
              "reference_id",
              provider);
    }
    if (tooLong.isEmpty()) {
      tooLong = customIdLength(request.metadata(), provider);
    }
    if (tooLong.isEmpty()) {
      tooLong =
          length(
              "statementDescriptor",
              request.statementDescriptor(),
              MAX_SOFT_DESCRIPTOR_LENGTH,
              "soft_descriptor",
              provider);
    }
    return tooLong;
  }

  private static Optional<InvalidRequestException> customIdLength(
      Map<String, String> metadata, String provider) {
    String json = customId(metadata);
    if (json == null) {
      return Optional.empty();
    }
    int length = json.codePointCount(0, json.length());
    if (length <= MAX_CUSTOM_ID_LENGTH) {
      return Optional.empty();
    }
    return refusal(
        "metadata",
        "metadata is "
            + length
            + " characters as JSON; "
            + provider
            + " allows at most "
            + MAX_CUSTOM_ID_LENGTH
            + " (purchase_units[].custom_id)");
  }

  private static Optional<InvalidRequestException> length(
      String field, Optional<String> text, int max, String wire, String provider) {
    if (text.isEmpty()) {
      return Optional.empty();
    }
    int length = text.get().codePointCount(0, text.get().length());
    if (length <= max) {
      return Optional.empty();
    }
    return refusal(
        field,
        field
            + " is "
            + length
            + " characters; "
            + provider
            + " allows at most "
            + max
            + " (purchase_units[]."
            + wire
            + ")");
  }

  private static Optional<InvalidRequestException> refusal(String field, String reason) {
    return Optional.of(InvalidRequestException.invalidField(field, reason));
  }
}
