package dev.switchboard.email.sendgrid.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.email.sendgrid.internal.SendGridJson.Address;
import dev.switchboard.email.sendgrid.internal.SendGridJson.Content;
import dev.switchboard.email.sendgrid.internal.SendGridJson.Mail;
import dev.switchboard.email.sendgrid.internal.SendGridJson.Personalization;
import java.util.AbstractList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class MailBodyTest {
  /** A list that counts how often it is walked, which is how often the JSON is serialized. */
  private static final class CountingList<T> extends AbstractList<T> {
    private final List<T> items;
    int walks;

    CountingList(List<T> items) {
      this.items = items;
    }

    @Override
    public Iterator<T> iterator() {
      walks++;
      return items.iterator();
    }

    @Override
    public T get(int index) {
      return items.get(index);
    }

    @Override
    public int size() {
      return items.size();
    }
  }

  @Test
  void aMessageWithoutAttachmentsIsSerializedOnceHoweverOftenItIsSent() throws Exception {
    CountingList<Personalization> personalizations =
        new CountingList<>(
            List.of(
                new Personalization(
                    List.of(new Address("ann@example.com", "Ann")), List.of(), List.of())));
    Mail mail =
        new Mail(
            personalizations,
            new Address("shop@example.com", null),
            null,
            List.of(),
            "Receipt",
            List.of(new Content("text/plain", "Thanks")),
            List.of(),
            Map.of(),
            List.of(),
            Map.of(),
            null,
            false);

    MailBody body = new MailBody(mail);
    Buffer first = new Buffer();
    body.writeTo(first);
    Buffer second = new Buffer();
    body.writeTo(second);

    assertThat(personalizations.walks).isEqualTo(1);
    String expected =
        "{\"personalizations\":[{\"to\":[{\"email\":\"ann@example.com\",\"name\":\"Ann\"}]}],"
            + "\"from\":{\"email\":\"shop@example.com\"},\"subject\":\"Receipt\","
            + "\"content\":[{\"type\":\"text/plain\",\"value\":\"Thanks\"}]}";
    assertThat(first.readUtf8()).isEqualTo(expected);
    assertThat(second.readUtf8()).isEqualTo(expected);
    assertThat(body.contentLength()).isEqualTo(expected.length());
  }
}
