package dev.switchboard.deferred.jdbc.internal;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.jdbc.JdbcCustomization;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.switchboard.deferred.jdbc.JdbcJobsBuilder;
import dev.switchboard.state.jdbc.internal.Database;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The db-scheduler set-up the JDBC job modules share (deferred calls, webhook handlers): one
 * one-time task whose executions each run one row, an hourly purge, and the settings that keep
 * db-scheduler on the module's clock.
 */
public final class Workers {
  /**
   * How the workers run.
   *
   * @param threads worker threads per instance
   * @param pollingInterval how often an idle instance looks for due executions
   * @param heartbeatInterval how often a running execution proves its instance alive; one missing
   *     six heartbeats is run again elsewhere
   * @param shutdownMaxWait how long {@code stop()} waits for running executions
   * @param instanceName this instance's name in the task table
   */
  public record Settings(
      int threads,
      Duration pollingInterval,
      Duration heartbeatInterval,
      Duration shutdownMaxWait,
      String instanceName) {}

  private Workers() {}

  /**
   * A fresh execution id for the row {@code rowId}: the row's id, {@code @} and a random tag. Each
   * scheduling of a row (its first, and each revival of an ended one) gets its own, because
   * db-scheduler keeps an execution until its completion handler has run: a revival scheduled in
   * that moment under the same id would be dropped as a duplicate, and the row left with none.
   */
  public static String instanceOf(String rowId) {
    return rowId + "@" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The row an execution id names (ids scheduled before there were tags are the row's id). */
  public static String rowOf(String instanceId) {
    int at = instanceId.lastIndexOf('@');
    return at < 0 ? instanceId : instanceId.substring(0, at);
  }

  /**
   * A task named {@code name} whose execution with instance id {@code id} runs {@code
   * run.apply(id)}: an instant reschedules it then, empty ends it.
   *
   * @param failureBase the first wait after the module's own failure (its database), doubled for
   *     each consecutive failure up to {@code failureCap}
   */
  public static CustomTask<Void> task(
      String name,
      Clock clock,
      Duration failureBase,
      Duration failureCap,
      Function<String, Optional<Instant>> run) {
    return Tasks.custom(name, Void.class)
        // A failure here is the module's own (its database), not the vendor's or the handler's: the
        // row still says RUNNING, and the execution is run again later.
        .onFailure(
            (complete, ops) -> {
              int failures = complete.getExecution().consecutiveFailures;
              Duration wait = failureBase.multipliedBy(1L << Math.min(failures, 20));
              ops.reschedule(
                  complete,
                  clock.instant().plus(wait.compareTo(failureCap) <= 0 ? wait : failureCap));
            })
        // db-scheduler's own ReviveDeadExecution reads Instant.now(), not the scheduler's clock.
        .onDeadExecution((complete, ops) -> ops.reschedule(complete, clock.instant()))
        .execute(
            (instance, context) ->
                run.apply(rowOf(instance.getId()))
                    .<CompletionHandler<Void>>map(
                        at -> (complete, ops) -> ops.reschedule(complete, at))
                    .orElseGet(CompletionHandler.OnCompleteRemove::new));
  }

  /**
   * Starts the workers for {@code task} on {@code table} when {@code jobs} has them on (null
   * otherwise), with an hourly purge, run by one instance of the fleet, of the rows ended longer
   * than {@code jobs.retention()} ago.
   *
   * @param purge deletes the rows ended before the instant it is given
   */
  public static Scheduler startIf(
      JdbcJobsBuilder.Settings jobs,
      Database database,
      JdbcCustomization jdbc,
      String table,
      CustomTask<Void> task,
      String purgeName,
      Consumer<Instant> purge) {
    if (!jobs.workers()) {
      return null;
    }
    Clock clock = jobs.clock();
    Duration retention = jobs.retention();
    Settings settings = jobs.workerSettings();
    RecurringTask<Void> purgeTask =
        Tasks.recurring(purgeName, FixedDelay.ofHours(1))
            .execute((instance, context) -> purge.accept(clock.instant().minus(retention)));
    Scheduler scheduler =
        Scheduler.create(database.dataSource(), task)
            .startTasks(purgeTask)
            .tableName(table)
            .jdbcCustomization(jdbc)
            .threads(settings.threads())
            .pollingInterval(settings.pollingInterval())
            .heartbeatInterval(settings.heartbeatInterval())
            .shutdownMaxWait(settings.shutdownMaxWait())
            .schedulerName(new SchedulerName.Fixed(settings.instanceName()))
            .clock(clock::instant)
            // An application's pool may hand out connections with auto-commit off; the workers'
            // own statements must still commit.
            .commitWhenAutocommitDisabled(true)
            .build();
    scheduler.start();
    return scheduler;
  }

  /**
   * A db-scheduler client that writes through {@code c}, and so inside its transaction, and leaves
   * that transaction alone.
   */
  public static SchedulerClient clientOn(
      Connection c, CustomTask<Void> task, String table, JdbcCustomization jdbc) {
    return SchedulerClient.Builder.create(new BorrowedConnection(c), task)
        .tableName(table)
        .jdbcCustomization(jdbc)
        .build();
  }
}
