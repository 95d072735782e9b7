package dev.switchboard.config;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.payments.FailureCode;
import dev.switchboard.payments.PaymentGateway;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The payment providers in priority order, and the port-level payment settings.
 *
 * <pre>
 * switchboard.payments.providers=acme-pay,backup-pay
 * switchboard.payments.failover-decline-codes=PROCESSING_ERROR   # default: none
 * </pre>
 *
 * @param providers at least one, the first is preferred
 * @param failoverDeclineCodes the decline codes after which a charge may be tried at the next
 *     provider; empty by default, since a decline is normally the customer's answer
 */
public record PaymentsConfiguration(
    List<ConfiguredProvider<PaymentGateway>> providers, Set<FailureCode> failoverDeclineCodes) {
  public PaymentsConfiguration {
    providers = Providers.check(providers);
    if (failoverDeclineCodes == null || failoverDeclineCodes.stream().anyMatch(Objects::isNull)) {
      throw InvalidRequestException.invalidField(
          "failoverDeclineCodes",
          "failoverDeclineCodes must be a set without null, was " + failoverDeclineCodes);
    }
    EnumSet<FailureCode> codes = EnumSet.noneOf(FailureCode.class);
    codes.addAll(failoverDeclineCodes);
    failoverDeclineCodes = Collections.unmodifiableSet(codes);
  }
}
