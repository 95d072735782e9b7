package dev.switchboard.payments.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.IdempotencyKey;
import dev.switchboard.SwitchboardException;
import dev.switchboard.payments.CaptureRequest;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.PaymentId;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.testkit.simulator.SimulatedFault;
import dev.switchboard.testkit.simulator.StripeSimulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The API key appears in no exception, cause, message or description the adapter produces. */
class StripeSecretsTest {
  private static final String KEY = "sk_test_fake_secret_never_printed_4242";

  private final StripeSimulator stripe = new StripeSimulator(Clock.systemUTC());

  @AfterEach
  void stop() {
    stripe.close();
  }

  @Test
  void theApiKeyAppearsInNoExceptionOrDescription() {
    stripe.start();
    stripe.acceptApiKeys(KEY);
    StripePaymentGateway gateway =
        StripePaymentGateway.builder().baseUrl(stripe.baseUrl().toString()).apiKey(KEY).build();
    StripePaymentGateway wrongKey =
        StripePaymentGateway.builder()
            .baseUrl(stripe.baseUrl().toString())
            .apiKey(KEY + "_old")
            .build();
    List<Throwable> failures = new ArrayList<>();
    collect(failures, () -> wrongKey.charge(charge(StripeSimulator.PM_SUCCEEDS, "a")));
    collect(failures, () -> gateway.charge(charge(StripeSimulator.PM_DECLINED, "b")));
    collect(failures, () -> gateway.get(PaymentId.of("stripe", "pi_missing")));
    collect(
        failures, () -> gateway.capture(CaptureRequest.full(PaymentId.of("stripe", "pi_missing"))));
    stripe.failNext(1, SimulatedFault.serverError());
    collect(failures, () -> gateway.charge(charge(StripeSimulator.PM_SUCCEEDS, "c")));
    stripe.failNext(1, SimulatedFault.resetAfterRequest());
    collect(failures, () -> gateway.charge(charge(StripeSimulator.PM_SUCCEEDS, "d")));
    collect(failures, () -> gateway.charge(charge("pm_unknown", "e")));

    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text);
    failures.forEach(f -> f.printStackTrace(out));
    out.println(gateway);
    out.println(wrongKey);
    out.flush();

    assertThat(failures).hasSize(7).allMatch(SwitchboardException.class::isInstance);
    assertThat(text.toString())
        .contains("AuthenticationException", "PaymentDeclinedException", "NotFoundException")
        .doesNotContain(KEY)
        .doesNotContain("Bearer ");
  }

  private static ChargeRequest charge(String paymentMethod, String key) {
    return ChargeRequest.builder()
        .amount(Money.of("10.00", "EUR"))
        .source(PaymentSource.token("stripe", paymentMethod))
        .idempotencyKey(IdempotencyKey.of(key))
        .build();
  }

  private static void collect(List<Throwable> failures, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      failures.add(e);
    }
  }
}
