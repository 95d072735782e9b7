package dev.switchboard.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.resilience.FailoverEvent;
import dev.switchboard.resilience.ResilienceEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * Runs every scenario of {@link PaymentResilienceOverHttpTest} again (outage and recovery, refused
 * connections, lost answers, timeouts, declines, 429s, an exhausted retry budget, a hanging vendor,
 * key rotation and a rejected key) and proves that the fake API keys appear nowhere: not in any log
 * line, at any level down to DEBUG, from any thread, and not in any exception, event or health
 * report the run produced.
 *
 * <p>The logs are captured by {@link LogCapture}, which enables every level of every logger while
 * it is open. The test first checks that the capture really holds the SDK's DEBUG lines, so it
 * cannot pass by capturing nothing.
 */
class SecretsStayOutOfLogsTest {
  @Test
  void noLogLineExceptionOrEventOfAnyScenarioContainsAnApiKey() throws Exception {
    PaymentResilienceOverHttpTest scenarios = new PaymentResilienceOverHttpTest();
    String logs;
    try (LogCapture capture = LogCapture.start()) {
      scenarios.primaryOutageOpensTheBreakerSendsTrafficToTheBackupAndBackWhenTheWaitIsOver();
      scenarios.refusedConnectionsFailOverAndTheHealthShowsTheOutage();
      scenarios.lostAnswerIsRetriedOnThePrimaryWithTheSameKeyAndChargesOnce();
      scenarios
          .primaryThatKeepsLosingAnswersSurfacesOutcomeUnknownWithTheKeyAndNeverReachesTheBackup();
      scenarios.readTimeoutAfterTheRequestWasWrittenIsRetriedOnThePrimaryWithTheSameKey();
      scenarios.declineIsNeitherRetriedNorFailedOver();
      scenarios.rateLimitedCallWaitsForTheRetryAfterHintThenRetriesOnThePrimary();
      scenarios.retryBudgetStopsRetriesDuringAnOutageSoTheLoadStaysAtOneRequestPerCall();
      scenarios.hangingPrimaryHoldsAtMostTwoCallersAndTheOthersAreServedByTheBackupAtOnce();
      scenarios.rotatedKeyIsPickedUpAfterOneUnauthorizedAnswerWithoutARestart();
      scenarios.rejectedKeyThatWasNotRotatedFailsAfterOneRetryAndIsNotFailedOver();
      logs = capture.text();
    }
    String seen = everythingSeen(scenarios);

    assertThat(logs)
        .as("the capture holds the SDK's logs, DEBUG included")
        .contains("DEBUG dev.switchboard.http - provider=primary method=POST")
        .contains("retry scheduled provider=primary")
        .contains("breaker state changed provider=primary")
        .contains("provider switched composite=failover(primary,backup)")
        .contains("credentials refreshed, retrying once provider=primary")
        .contains("call timed out provider=primary");
    assertThat(seen)
        .contains("AuthenticationException", "OutcomeUnknownException", "PaymentDeclinedException");
    for (String secret : TwoVendors.SECRETS) {
      assertThat(logs).as("logs").doesNotContain(secret);
      assertThat(seen).as("exceptions, events and health").doesNotContain(secret);
    }
    assertThat(logs).doesNotContain("Bearer ");
    assertThat(seen).doesNotContain("Bearer ");
  }

  /**
   * Every exception caught, with its causes and suppressed exceptions as a stack trace prints them,
   * every event (and the failure it carries), and the facade's and health report's text.
   */
  private static String everythingSeen(PaymentResilienceOverHttpTest scenarios) {
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text);
    for (TwoVendors run : scenarios.runs) {
      run.failures.forEach(failure -> failure.printStackTrace(out));
      for (FailoverEvent event : run.failoverEvents) {
        out.println(event);
        if (event instanceof FailoverEvent.ProviderSwitched switched) {
          switched.cause().printStackTrace(out);
        }
      }
      for (ResilienceEvent event : run.resilienceEvents) {
        out.println(event);
      }
      out.println(run.switchboard);
      out.println(run.switchboard.health());
      out.println(run.switchboard.payments());
      run.switchboard.policies().forEach(out::println);
    }
    out.flush();
    return text.toString();
  }
}
