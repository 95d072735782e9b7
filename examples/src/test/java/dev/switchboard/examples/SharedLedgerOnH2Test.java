package dev.switchboard.examples;

import dev.switchboard.config.Secret;
import dev.switchboard.state.StateStore;
import dev.switchboard.state.jdbc.JdbcStateStore;
import dev.switchboard.testkit.TestClock;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared-ledger scenarios on one H2 file: each instance opens its own {@link JdbcStateStore},
 * with its own pool, on the same URL, as two stores in one JVM share an H2 file database.
 */
class SharedLedgerOnH2Test extends SharedLedgerContract {
  /** Obviously fake: H2 sets it when it creates the file. */
  private static final Secret PASSWORD = Secret.of("fake-h2-password-Xp4");

  @TempDir static Path directory;

  @Override
  protected StateStore openStore(TestClock clock) {
    return JdbcStateStore.builder()
        .url("jdbc:h2:file:" + directory.resolve("switchboard").toAbsolutePath())
        .username("sa")
        .password(PASSWORD)
        .poolSize(4)
        .clock(clock)
        .build();
  }
}
