package dev.switchboard.testkit.simulator;

import static dev.switchboard.testkit.simulator.SendGridMail.decode;
import static dev.switchboard.testkit.simulator.SendGridMail.error;
import static dev.switchboard.testkit.simulator.SendGridMail.list;
import static dev.switchboard.testkit.simulator.SendGridMail.map;
import static dev.switchboard.testkit.simulator.SendGridMail.nonEmpty;
import static dev.switchboard.testkit.simulator.SendGridMail.validEmail;
import static dev.switchboard.testkit.simulator.SendGridSimulatorLimits.MAX_CATEGORIES;
import static dev.switchboard.testkit.simulator.SendGridSimulatorLimits.MAX_CATEGORY_LENGTH;
import static dev.switchboard.testkit.simulator.SendGridSimulatorLimits.MAX_CUSTOM_ARGS_BYTES;
import static dev.switchboard.testkit.simulator.SendGridSimulatorLimits.MAX_RECIPIENTS;
import static dev.switchboard.testkit.simulator.SendGridSimulatorLimits.MAX_SCHEDULE_AHEAD;
import static dev.switchboard.testkit.simulator.SendGridSimulatorLimits.RESERVED_HEADERS;

import com.squareup.moshi.JsonAdapter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * SendGrid's checks of a v3 Mail Send body: the sender, personalizations and their recipients,
 * content, attachments, categories, custom arguments, scheduling and headers, each problem in
 * SendGrid's error format ({@code message}, {@code field}, {@code help}).
 */
final class SendGridMailChecks {
  private final JsonAdapter<Map<String, Object>> json;
  private final Clock clock;

  SendGridMailChecks(JsonAdapter<Map<String, Object>> json, Clock clock) {
    this.json = json;
    this.clock = clock;
  }

  /** Every problem SendGrid would report about this v3 Mail Send body, in its error format. */
  List<Map<String, Object>> problems(Map<String, Object> mail) {
    List<Map<String, Object>> problems = new ArrayList<>();
    Map<String, Object> from = map(mail.get("from"));
    if (!validEmail(from.get("email"))) {
      problems.add(
          error(
              "The from object must be provided for every email send. It is an object that"
                  + " requires the email parameter, but may also contain a name parameter.",
              "from"));
    }
    checkPersonalizations(mail, problems);
    checkContent(mail, problems);
    checkAttachments(mail, problems);
    checkCategories(mail, problems);
    checkExtras(mail, problems);
    return problems;
  }

  private void checkPersonalizations(Map<String, Object> mail, List<Map<String, Object>> problems) {
    List<Object> personalizations = list(mail.get("personalizations"));
    if (personalizations.isEmpty()) {
      problems.add(
          error(
              "The personalizations field is required and must have at least one"
                  + " personalization.",
              "personalizations"));
      return;
    }
    if (personalizations.size() > 1000) {
      problems.add(
          error(
              "The personalization block is limited to 1000 personalizations per API request.",
              "personalizations"));
    }
    int recipients = 0;
    boolean everyHasSubject = true;
    for (int i = 0; i < personalizations.size(); i++) {
      Map<String, Object> p = map(personalizations.get(i));
      String at = "personalizations." + i;
      if (list(p.get("to")).isEmpty()) {
        problems.add(
            error(
                "The to array is required for all personalization objects, and must have at"
                    + " least one email object with a valid email address.",
                at + ".to"));
      }
      Set<String> seen = new HashSet<>();
      for (String kind : List.of("to", "cc", "bcc")) {
        List<Object> addresses = list(p.get(kind));
        recipients += addresses.size();
        for (int j = 0; j < addresses.size(); j++) {
          Map<String, Object> address = map(addresses.get(j));
          String field = at + "." + kind + "." + j;
          if (!validEmail(address.get("email"))) {
            problems.add(error("Does not contain a valid address.", field + ".email"));
          } else if (!seen.add(String.valueOf(address.get("email")).toLowerCase(Locale.ROOT))) {
            problems.add(
                error(
                    "Each email address in the personalization block should be unique between"
                        + " to, cc, and bcc.",
                    field + ".email"));
          }
          Object name = address.get("name");
          if (name instanceof String s && (s.contains(",") || s.contains(";"))) {
            problems.add(
                error(
                    "The name of a recipient may not contain the ';' or ',' characters.",
                    field + ".name"));
          }
        }
      }
      everyHasSubject &= nonEmpty(p.get("subject"));
    }
    if (recipients > MAX_RECIPIENTS) {
      problems.add(
          error(
              "There is a limit of 1000 total recipients (to + cc + bcc) per request.",
              "personalizations"));
    }
    if (!everyHasSubject && !nonEmpty(mail.get("subject"))) {
      problems.add(
          error(
              "The subject is required. You can get around this requirement if you use a"
                  + " template with a subject defined or if every personalization has a subject"
                  + " defined.",
              "subject"));
    }
  }

  private void checkContent(Map<String, Object> mail, List<Map<String, Object>> problems) {
    List<Object> content = list(mail.get("content"));
    if (content.isEmpty()) {
      problems.add(
          error(
              "Unless a valid template_id is provided, the content parameter is required. There"
                  + " must be at least one defined content block.",
              "content"));
    }
    for (int i = 0; i < content.size(); i++) {
      Map<String, Object> part = map(content.get(i));
      if (!nonEmpty(part.get("value"))) {
        problems.add(
            error(
                "The content value must be a string at least one character in length.",
                "content." + i + ".value"));
      }
      if (i > 0 && "text/plain".equals(part.get("type"))) {
        problems.add(
            error(
                "If present, text/plain content must be first, followed by text/html, followed"
                    + " by any other content.",
                "content." + i + ".type"));
      }
    }
  }

  private void checkAttachments(Map<String, Object> mail, List<Map<String, Object>> problems) {
    List<Object> attachments = list(mail.get("attachments"));
    for (int i = 0; i < attachments.size(); i++) {
      Map<String, Object> a = map(attachments.get(i));
      String at = "attachments." + i;
      if (decode(a.get("content")) == null) {
        problems.add(
            error(
                "The attachment content must be base64 encoded and at least one byte long.",
                at + ".content"));
      }
      if (!nonEmpty(a.get("filename"))) {
        problems.add(error("The attachment filename parameter is required.", at + ".filename"));
      }
      Object disposition = a.getOrDefault("disposition", "attachment");
      if (!"attachment".equals(disposition) && !"inline".equals(disposition)) {
        problems.add(
            error(
                "The disposition of your attachment can be either \"inline\" or \"attachment\".",
                at + ".disposition"));
      }
      if ("inline".equals(disposition) && !nonEmpty(a.get("content_id"))) {
        problems.add(
            error(
                "The content_id parameter is required if the disposition is set to inline.",
                at + ".content_id"));
      }
    }
  }

  private void checkCategories(Map<String, Object> mail, List<Map<String, Object>> problems) {
    List<Object> categories = list(mail.get("categories"));
    if (categories.size() > MAX_CATEGORIES) {
      problems.add(error("You may not have more than 10 categories per request.", "categories"));
    }
    Set<Object> seen = new HashSet<>();
    for (int i = 0; i < categories.size(); i++) {
      Object category = categories.get(i);
      if (!(category instanceof String s) || s.length() > MAX_CATEGORY_LENGTH) {
        problems.add(
            error("A category must be a string of at most 255 characters.", "categories." + i));
      } else if (!seen.add(s)) {
        problems.add(error("Categories must be unique.", "categories." + i));
      }
    }
  }

  private void checkExtras(Map<String, Object> mail, List<Map<String, Object>> problems) {
    Object customArgs = mail.get("custom_args");
    if (customArgs != null
        && json.toJson(map(customArgs)).getBytes(StandardCharsets.UTF_8).length
            > MAX_CUSTOM_ARGS_BYTES) {
      problems.add(error("The custom_args parameter may not exceed 10,000 bytes.", "custom_args"));
    }
    if (mail.get("send_at") instanceof Number sendAt
        && Instant.ofEpochSecond(sendAt.longValue())
            .isAfter(clock.instant().plus(MAX_SCHEDULE_AHEAD))) {
      problems.add(error("A send cannot be scheduled more than 72 hours in advance.", "send_at"));
    }
    for (String name : map(mail.get("headers")).keySet()) {
      if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        problems.add(
            error(
                "The following headers are reserved and cannot be set: " + RESERVED_HEADERS,
                "headers"));
      }
    }
    if (mail.containsKey("reply_to") && mail.containsKey("reply_to_list")) {
      problems.add(
          error(
              "You can use either the reply_to property or reply_to_list property but not both.",
              "reply_to_list"));
    }
  }
}
