package dev.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.deferred.DeferredState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the deferred checkout once and checks its outcome from the stand-ins' and the shop's own
 * state, not only from what it printed.
 */
class DeferredCheckoutTest {
  private static DeferredCheckout.Result result;
  private static String printed;

  @BeforeAll
  static void tellTheStory() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    result = new DeferredCheckout(new PrintStream(out, true, StandardCharsets.UTF_8)).run();
    printed = out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void everyOrderIsAcceptedDuringTheOutageAndNothingReachesAVendorBeforeRecovery() {
    assertThat(printed.split("-> accepted \\(call QUEUED\\)", -1))
        .hasSize(DeferredCheckout.ORDERS.size() + 1);
    assertThat(result.intentsBeforeRecovery()).isZero();
    assertThat(result.paypalOrdersBeforeRecovery()).isZero();
    int recovery = printed.indexOf("Stripe and PayPal recover");
    assertThat(recovery).isPositive();
    assertThat(printed.substring(0, recovery))
        .doesNotContain("SUCCEEDED")
        .contains("a minute later, still down: 0 payment intents at stripe, 0 orders at paypal")
        .contains("the shop's orders: 4 ACCEPTED");
  }

  @Test
  void afterRecoveryEveryOrderIsChargedExactlyOnceAndMarkedPaid() {
    assertThat(result.calls())
        .containsOnlyKeys(DeferredCheckout.ORDERS.keySet())
        .allSatisfy((order, state) -> assertThat(state).isEqualTo(DeferredState.SUCCEEDED));
    assertThat(result.orders())
        .containsOnlyKeys(DeferredCheckout.ORDERS.keySet())
        .allSatisfy(
            (order, row) -> {
              assertThat(row.status()).isEqualTo("PAID");
              assertThat(row.provider()).isIn("stripe", "paypal");
              assertThat(row.paymentId()).isNotBlank();
            });
    assertThat(result.orders().values().stream().map(r -> r.paymentId()).distinct())
        .as("one payment of its own per order")
        .hasSize(DeferredCheckout.ORDERS.size());

    // From the stand-ins: each holds exactly the charges of the orders it was paid by, so no order
    // was charged twice, at one vendor or across both.
    long paidAtStripe = count(result.orders(), "stripe");
    long paidAtPayPal = count(result.orders(), "paypal");
    assertThat(result.stripeIntents()).isEqualTo(paidAtStripe);
    assertThat(result.paypalOrders()).isEqualTo(paidAtPayPal);
    assertThat(paidAtStripe + paidAtPayPal).isEqualTo(DeferredCheckout.ORDERS.size());
    assertThat(result.vendorStatus())
        .containsOnlyKeys(DeferredCheckout.ORDERS.keySet())
        .allSatisfy((order, status) -> assertThat(status).isIn("succeeded", "COMPLETED"));
    assertThat(printed)
        .contains("each of 4 orders charged once")
        .contains("depth      QUEUED=0 RUNNING=0 WAITING=0 SUCCEEDED=4 FAILED=0 DEAD=0 CANCELED=0");
  }

  @Test
  void theRolledBackOrderLeavesNeitherARowNorACallAndIsNeverCharged() {
    assertThat(result.orders()).doesNotContainKey(DeferredCheckout.ROLLED_BACK);
    assertThat(result.requests().get(DeferredCheckout.ROLLED_BACK))
        .containsEntry("stripe", 0L)
        .containsEntry("paypal", 0L);
    assertThat(printed)
        .contains(
            DeferredCheckout.ROLLED_BACK
                + ": neither its order row nor its charge was kept (order rows: 4, queued calls: 4)");
  }

  private static long count(Map<String, ShopOrders.Row> orders, String provider) {
    return orders.values().stream().filter(r -> provider.equals(r.provider())).count();
  }
}
