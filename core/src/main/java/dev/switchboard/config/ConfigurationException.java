package dev.switchboard.config;

import dev.switchboard.ErrorContext;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.SwitchboardException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The configuration cannot be used. It carries every problem found, not just the first, so one
 * start-up shows everything to fix. The message has one line per problem, sorted by key, and never
 * a secret:
 *
 * <pre>
 * Invalid Switchboard configuration, 2 problems:
 *   switchboard.payments.acme-pay.api-key (file /app/switchboard.properties): must be a secret
 *       reference such as ${env:NAME}, not a literal
 *   switchboard.payments.providers (env SWITCHBOARD_PAYMENTS_PROVIDERS): unknown provider 'nope' ...
 * </pre>
 *
 * <p>Thrown before any provider is called, so nothing was sent.
 */
public class ConfigurationException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  private static final Comparator<ConfigProblem> ORDER =
      Comparator.comparing(ConfigProblem::key)
          .thenComparing(ConfigProblem::message)
          .thenComparing(ConfigProblem::source);

  private final transient List<ConfigProblem> problems;

  /**
   * @param problems at least one problem; they are sorted by key
   */
  public ConfigurationException(List<ConfigProblem> problems) {
    super(describe(sorted(problems)), ErrorContext.local("configure"), null);
    this.problems = sorted(problems);
  }

  private static List<ConfigProblem> sorted(List<ConfigProblem> problems) {
    if (problems == null || problems.isEmpty() || problems.stream().anyMatch(Objects::isNull)) {
      throw InvalidRequestException.invalidField(
          "problems", "problems must hold at least one problem and no null, was " + problems);
    }
    return problems.stream().sorted(ORDER).toList();
  }

  private static String describe(List<ConfigProblem> problems) {
    StringBuilder s =
        new StringBuilder("Invalid Switchboard configuration, ")
            .append(problems.size())
            .append(problems.size() == 1 ? " problem:" : " problems:");
    for (ConfigProblem problem : problems) {
      s.append("\n  ").append(problem);
    }
    return s.toString();
  }

  /**
   * The header and one line per problem, and nothing after the last one: the error context every
   * {@link SwitchboardException} appends ({@code [operation=configure]}) would read as part of the
   * last problem.
   */
  @Override
  public String getMessage() {
    return reason();
  }

  /** Every problem, sorted by key; unmodifiable. */
  public List<ConfigProblem> problems() {
    return problems;
  }
}
