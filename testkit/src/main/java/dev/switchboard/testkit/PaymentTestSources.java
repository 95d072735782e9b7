package dev.switchboard.testkit;

import static dev.switchboard.InvalidRequestException.invalidField;

import dev.switchboard.payments.Money;
import dev.switchboard.payments.PaymentSource;
import java.util.Currency;
import java.util.Optional;

/**
 * The payment sources and currency that an implementation hands to {@link PaymentGatewayContract}:
 * its vendor's test cards, or the tokens its simulator understands.
 *
 * <pre>{@code
 * PaymentTestSources.builder()
 *     .currency("EUR")
 *     .succeeding(PaymentSource.token("stripe", "pm_card_visa"))
 *     .declining(PaymentSource.token("stripe", "pm_card_visa_chargeDeclined"))
 *     .insufficientFunds(PaymentSource.token("stripe", "pm_card_visa_chargeDeclinedInsufficientFunds"))
 *     .requiresAction(PaymentSource.token("stripe", "pm_card_authenticationRequired"))
 *     .build();
 * }</pre>
 *
 * <p>Currency, succeeding and declining sources are required. The insufficient-funds and
 * requires-action sources are needed only by an implementation that declares {@link
 * PaymentCapability#SPECIFIC_DECLINE_CODES} or {@link PaymentCapability#REQUIRES_ACTION}.
 */
public final class PaymentTestSources {
  private final Currency currency;
  private final PaymentSource succeeding;
  private final PaymentSource declining;
  private final PaymentSource insufficientFunds;
  private final PaymentSource requiresAction;

  private PaymentTestSources(Builder b) {
    this.currency = b.currency;
    this.succeeding = b.succeeding;
    this.declining = b.declining;
    this.insufficientFunds = b.insufficientFunds;
    this.requiresAction = b.requiresAction;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The currency the contract charges in; {@code ZERO_DECIMAL_CURRENCY} tests use JPY besides. */
  public Currency currency() {
    return currency;
  }

  /** A source every charge succeeds with. */
  public PaymentSource succeeding() {
    return succeeding;
  }

  /** A source declined with a generic decline ({@code CARD_DECLINED}). */
  public PaymentSource declining() {
    return declining;
  }

  /** A source declined for insufficient funds. */
  public Optional<PaymentSource> insufficientFunds() {
    return Optional.ofNullable(insufficientFunds);
  }

  /** A source whose charges stop at {@code REQUIRES_ACTION} (3-D Secure). */
  public Optional<PaymentSource> requiresAction() {
    return Optional.ofNullable(requiresAction);
  }

  /** Builds {@link PaymentTestSources}; currency, succeeding and declining are required. */
  public static final class Builder {
    private Currency currency;
    private PaymentSource succeeding;
    private PaymentSource declining;
    private PaymentSource insufficientFunds;
    private PaymentSource requiresAction;

    private Builder() {}

    public Builder currency(Currency currency) {
      this.currency = Money.zero(currency).currency();
      return this;
    }

    /** The currency by its ISO code, such as {@code "EUR"}. */
    public Builder currency(String code) {
      this.currency = Money.ofMinor(0, code).currency();
      return this;
    }

    public Builder succeeding(PaymentSource succeeding) {
      this.succeeding = succeeding;
      return this;
    }

    public Builder declining(PaymentSource declining) {
      this.declining = declining;
      return this;
    }

    public Builder insufficientFunds(PaymentSource insufficientFunds) {
      this.insufficientFunds = insufficientFunds;
      return this;
    }

    public Builder requiresAction(PaymentSource requiresAction) {
      this.requiresAction = requiresAction;
      return this;
    }

    public PaymentTestSources build() {
      if (currency == null) {
        throw invalidField("currency", "currency is required");
      }
      if (succeeding == null) {
        throw invalidField("succeeding", "a succeeding source is required");
      }
      if (declining == null) {
        throw invalidField("declining", "a declining source is required");
      }
      return new PaymentTestSources(this);
    }
  }
}
