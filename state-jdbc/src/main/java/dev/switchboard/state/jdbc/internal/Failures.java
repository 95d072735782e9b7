package dev.switchboard.state.jdbc.internal;

import java.sql.SQLException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a driver's failure into a reason that is safe to show: it names the SQLState and the
 * exception's type, and quotes the driver's message only for failures about the connection, with
 * credentials blotted out. Messages about data (a constraint, a value too long) may quote keys, so
 * they are left out.
 */
final class Failures {
  /** SQLState classes whose messages describe the connection or the server, not the data. */
  private static final Set<String> QUOTABLE_CLASSES = Set.of("08", "28", "3D", "53", "57", "HY");

  private static final Pattern URL_CREDENTIALS = Pattern.compile("//[^/@\\s]*@");
  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)(password|pwd)\\s*=\\s*[^;&\\s]*");
  private static final int MAX_MESSAGE = 300;

  private Failures() {}

  /**
   * The reason for {@code failure}.
   *
   * @param password the password in use, to blot out wherever a driver quotes it; may be null
   */
  static String reason(Throwable failure, String password) {
    SQLException sql = firstSqlException(failure);
    if (sql == null) {
      return failure.getClass().getSimpleName() + ": " + scrub(failure.getMessage(), password);
    }
    String state = sql.getSQLState();
    StringBuilder reason = new StringBuilder();
    reason.append(sql.getClass().getSimpleName());
    if (state != null) {
      reason.append(" (SQLState ").append(state).append(')');
    }
    if (state == null
        || (state.length() >= 2 && QUOTABLE_CLASSES.contains(state.substring(0, 2)))) {
      reason.append(": ").append(scrub(sql.getMessage(), password));
    }
    return reason.toString();
  }

  private static SQLException firstSqlException(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql) {
        return sql;
      }
    }
    return null;
  }

  static String scrub(String message, String password) {
    if (message == null || message.isBlank()) {
      return "no message";
    }
    String line = message.strip().lines().findFirst().orElse("");
    if (password != null && !password.isEmpty()) {
      line = line.replace(password, "****");
    }
    line = URL_CREDENTIALS.matcher(line).replaceAll("//****@");
    line = PASSWORD_PARAMETER.matcher(line).replaceAll("$1=****");
    return line.length() > MAX_MESSAGE ? line.substring(0, MAX_MESSAGE) + "..." : line;
  }
}
