package dev.switchboard.testkit.simulator;

import static dev.switchboard.testkit.simulator.MailgunSimulatorLimits.MAX_OPTION_BYTES;
import static dev.switchboard.testkit.simulator.MailgunSimulatorLimits.MAX_RECIPIENTS;
import static dev.switchboard.testkit.simulator.MailgunSimulatorLimits.MAX_TAGS;

import dev.switchboard.InvalidRequestException;
import dev.switchboard.email.EmailAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Headers;
import okhttp3.MultipartReader;
import okio.Buffer;
import okio.ByteString;

/**
 * Reading Mailgun's {@code POST /v3/{domain}/messages} form: its multipart parts, its address
 * lists, and the refusals Mailgun answers 400 with (missing fields, bad addresses, too many
 * recipients or tags, too many option bytes, a delivery time too far ahead).
 */
final class MailgunForm {
  private static final Pattern DISPOSITION_PARAM =
      Pattern.compile(";\\s*([A-Za-z*]+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private MailgunForm() {}

  /** The parts of a form. */
  record Parts(List<MailgunSimulator.Field> fields, List<MailgunSimulator.File> files) {}

  /** The fields and files of a multipart/form-data body, in the order they arrived. */
  static Parts read(ByteString body, String boundary) throws IOException {
    List<MailgunSimulator.Field> fields = new ArrayList<>();
    List<MailgunSimulator.File> files = new ArrayList<>();
    try (MultipartReader reader = new MultipartReader(new Buffer().write(body), boundary)) {
      MultipartReader.Part part;
      while ((part = reader.nextPart()) != null) {
        try (MultipartReader.Part closing = part) {
          Headers headers = closing.headers();
          Map<String, String> disposition = disposition(headers.get("Content-Disposition"));
          String name = disposition.get("name");
          if (name == null) {
            throw new IOException("a part has no name");
          }
          ByteString content = closing.body().readByteString();
          String filename = disposition.get("filename");
          if (filename == null) {
            fields.add(new MailgunSimulator.Field(name, content.utf8()));
          } else {
            String contentType = headers.get("Content-Type");
            files.add(
                new MailgunSimulator.File(
                    name,
                    filename,
                    contentType == null ? "application/octet-stream" : contentType,
                    content));
          }
        }
      }
    }
    return new Parts(fields, files);
  }

  /** Content-Disposition parameters; OkHttp escapes CR, LF and quotes as %0D, %0A and %22. */
  private static Map<String, String> disposition(String header) {
    Map<String, String> params = new LinkedHashMap<>();
    if (header == null) {
      return params;
    }
    Matcher m = DISPOSITION_PARAM.matcher(header);
    while (m.find()) {
      String value =
          m.group(2)
              .replace("\\\"", "\"")
              .replace("%22", "\"")
              .replace("%0D", "\r")
              .replace("%0A", "\n");
      params.put(m.group(1).toLowerCase(Locale.ROOT), value);
    }
    return params;
  }

  /** Mailgun's refusal of the form, or null when it is acceptable. */
  static String problem(MailgunSimulator.Message m, Instant now, Duration maxScheduleAhead) {
    for (String required : List.of("from", "to", "subject")) {
      if (m.value(required).isEmpty()) {
        return "'" + required + "' parameter is missing";
      }
    }
    if (m.value("text").isEmpty() && m.value("html").isEmpty()) {
      return "Need at least one of 'text', 'html', 'amp-html' or 'template' parameters specified";
    }
    int recipients = 0;
    for (String name : List.of("from", "to", "cc", "bcc", "h:Reply-To")) {
      for (String value : m.values(name)) {
        try {
          List<EmailAddress> parsed = addresses(value);
          if (!name.equals("from") && !name.startsWith("h:")) {
            recipients += parsed.size();
          }
        } catch (InvalidRequestException e) {
          return name + " parameter is not a valid address. please check documentation";
        }
      }
    }
    if (recipients > MAX_RECIPIENTS) {
      return "Too many recipients: " + recipients + ", at most " + MAX_RECIPIENTS + " allowed";
    }
    if (m.values("o:tag").size() > MAX_TAGS) {
      return "Too many tags: at most " + MAX_TAGS + " per message";
    }
    long options = 0;
    for (MailgunSimulator.Field f : m.fields()) {
      if (f.name().startsWith("o:") || f.name().startsWith("h:") || f.name().startsWith("v:")) {
        options += utf8(f.name()) + utf8(f.value());
      }
    }
    if (options > MAX_OPTION_BYTES) {
      return "Sending options (o:, h: and v:) exceed " + MAX_OPTION_BYTES + " bytes";
    }
    Optional<String> deliveryTime = m.value("o:deliverytime");
    if (deliveryTime.isPresent()) {
      Instant at;
      try {
        at = Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(deliveryTime.get()));
      } catch (DateTimeParseException e) {
        return "'o:deliverytime' parameter is not a valid RFC 2822 date";
      }
      if (at.isAfter(now.plus(maxScheduleAhead))) {
        return "'o:deliverytime' parameter is too far in the future; at most "
            + maxScheduleAhead.toHours()
            + " hours ahead";
      }
    }
    return null;
  }

  /** Splits an address list at commas outside quotes and parses each address. */
  static List<EmailAddress> addresses(String list) {
    List<EmailAddress> parsed = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < list.length(); i++) {
      char c = list.charAt(i);
      if (c == '\\' && quoted && i + 1 < list.length()) {
        current.append(c).append(list.charAt(++i));
      } else if (c == '"') {
        quoted = !quoted;
        current.append(c);
      } else if (c == ',' && !quoted) {
        addParsed(parsed, current);
      } else {
        current.append(c);
      }
    }
    addParsed(parsed, current);
    return parsed;
  }

  private static void addParsed(List<EmailAddress> parsed, StringBuilder current) {
    if (!current.toString().isBlank()) {
      parsed.add(EmailAddress.parse(current.toString()));
    }
    current.setLength(0);
  }

  private static long utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
