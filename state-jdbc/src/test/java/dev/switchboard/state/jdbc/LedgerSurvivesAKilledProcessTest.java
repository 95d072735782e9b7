package dev.switchboard.state.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.state.LedgerRecord;
import dev.switchboard.state.StateStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key claimed in an H2 file ledger is there after the process is killed (SIGKILL) right after the
 * claim returned, the moment its payment would be on the wire. H2 delays writing a commit by 500 ms
 * unless told otherwise, which lost exactly this claim.
 */
class LedgerSurvivesAKilledProcessTest {
  @TempDir Path dir;

  @Test
  void aClaimMadeJustBeforeTheProcessIsKilledIsStillThere() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("ledger");
    Process doomed =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LedgerProcess.class.getName(),
                url)
            .redirectErrorStream(true)
            .start();
    String claimed = null;
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(doomed.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (claimed == null && (line = lines.readLine()) != null) {
        if (line.startsWith("CLAIMED ")) {
          claimed = line;
        }
      }
    } finally {
      doomed.destroyForcibly();
      assertThat(doomed.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(claimed).isEqualTo("CLAIMED true");

    try (StateStore store = JdbcStateStore.builder().url(url).build()) {
      Optional<LedgerRecord> record = store.ledger().find("payments", "order-7");
      assertThat(record).as("the claim after the restart").isPresent();
      assertThat(record.get().provider()).isEqualTo("stripe");
    }
  }
}
