package dev.switchboard.email.sendgrid.internal;

import com.squareup.moshi.JsonWriter;
import dev.switchboard.email.sendgrid.internal.SendGridJson.Address;
import dev.switchboard.email.sendgrid.internal.SendGridJson.AttachmentPart;
import dev.switchboard.email.sendgrid.internal.SendGridJson.Content;
import dev.switchboard.email.sendgrid.internal.SendGridJson.Mail;
import dev.switchboard.email.sendgrid.internal.SendGridJson.Personalization;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.Buffer;
import okio.BufferedSink;
import okio.ByteString;

/**
 * The Mail Send JSON, written straight to the socket. Attachment content is read from each {@link
 * dev.switchboard.email.Attachment} in chunks and base64-encoded as it goes, so a message never
 * holds its attachments twice (once as bytes, once as base64 text) in memory.
 *
 * <p>The length is known before sending: base64 needs no JSON escaping, so it is the length of the
 * JSON with empty attachment contents plus each content's base64 length. SendGrid's size limit is
 * checked against that, and a fixed {@code Content-Length} is sent. The body can be written again
 * (each write reopens the attachments), and a write fails if an attachment no longer has the size
 * it had when the message was built.
 *
 * <p>A message without attachments (most of them) is serialized once: the JSON written to learn the
 * length is the whole body, so it is kept as bytes and those are what every write sends.
 */
final class MailBody extends RequestBody {
  static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  /** Bytes read per chunk: a multiple of 3, so chunks encode without padding but the last. */
  private static final int CHUNK = 3 * 16 * 1024;

  private final Mail mail;
  private final long length;

  /** The whole body when there are no attachments, else null (it is written as it is sent). */
  private final ByteString json;

  MailBody(Mail mail) {
    this.mail = mail;
    Buffer skeleton = new Buffer();
    try {
      write(skeleton, false);
    } catch (IOException e) {
      // Without attachment content nothing is read from outside memory.
      throw new IllegalStateException("writing to a buffer failed", e);
    }
    long total = skeleton.size();
    if (mail.attachments().isEmpty()) {
      // Reading it out also gives the buffer's segments back to okio's pool.
      this.json = skeleton.readByteString();
    } else {
      this.json = null;
      skeleton.clear();
      for (AttachmentPart part : mail.attachments()) {
        total += base64Length(part.source().size());
      }
    }
    this.length = total;
  }

  static long base64Length(long bytes) {
    return 4 * ((bytes + 2) / 3);
  }

  @Override
  public MediaType contentType() {
    return JSON;
  }

  @Override
  public long contentLength() {
    return length;
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    if (json != null) {
      sink.write(json);
    } else {
      write(sink, true);
    }
  }

  private void write(BufferedSink sink, boolean withContent) throws IOException {
    JsonWriter json = JsonWriter.of(sink);
    json.setSerializeNulls(false);
    json.beginObject();
    json.name("personalizations").beginArray();
    for (Personalization p : mail.personalizations()) {
      json.beginObject();
      addresses(json, "to", p.to());
      addresses(json, "cc", p.cc());
      addresses(json, "bcc", p.bcc());
      json.endObject();
    }
    json.endArray();
    json.name("from");
    address(json, mail.from());
    if (mail.replyTo() != null) {
      json.name("reply_to");
      address(json, mail.replyTo());
    }
    addresses(json, "reply_to_list", mail.replyToList());
    json.name("subject").value(mail.subject());
    json.name("content").beginArray();
    for (Content c : mail.content()) {
      json.beginObject().name("type").value(c.type()).name("value").value(c.value()).endObject();
    }
    json.endArray();
    if (!mail.attachments().isEmpty()) {
      json.name("attachments").beginArray();
      for (AttachmentPart part : mail.attachments()) {
        json.beginObject();
        json.name("content");
        try (BufferedSink value = json.valueSink()) {
          value.writeByte('"');
          if (withContent) {
            writeBase64(part, value);
          }
          value.writeByte('"');
        }
        json.name("type").value(part.type());
        json.name("filename").value(part.filename());
        json.name("disposition").value(part.disposition());
        if (part.contentId() != null) {
          json.name("content_id").value(part.contentId());
        }
        json.endObject();
      }
      json.endArray();
    }
    map(json, "headers", mail.headers());
    if (!mail.categories().isEmpty()) {
      json.name("categories").beginArray();
      for (String category : mail.categories()) {
        json.value(category);
      }
      json.endArray();
    }
    map(json, "custom_args", mail.customArgs());
    if (mail.sendAt() != null) {
      json.name("send_at").value(mail.sendAt().longValue());
    }
    if (mail.sandbox()) {
      json.name("mail_settings")
          .beginObject()
          .name("sandbox_mode")
          .beginObject()
          .name("enable")
          .value(true)
          .endObject()
          .endObject();
    }
    json.endObject();
    json.flush();
  }

  private static void writeBase64(AttachmentPart part, BufferedSink sink) throws IOException {
    Base64.Encoder encoder = Base64.getEncoder();
    long expected = part.source().size();
    long read = 0;
    byte[] chunk = new byte[CHUNK];
    try (InputStream in = part.source().openStream()) {
      int n;
      while (read <= expected && (n = in.readNBytes(chunk, 0, CHUNK)) > 0) {
        read += n;
        if (read <= expected) {
          sink.write(encoder.encode(n == CHUNK ? chunk : Arrays.copyOf(chunk, n)));
        }
      }
    } catch (RuntimeException e) {
      throw new IOException("attachment " + part.filename() + " could not be read: " + e, e);
    }
    if (read != expected) {
      throw new IOException(
          "attachment "
              + part.filename()
              + " changed after the message was built: expected "
              + expected
              + " bytes, found "
              + (read > expected ? "more" : read));
    }
  }

  private static void addresses(JsonWriter json, String name, List<Address> addresses)
      throws IOException {
    if (addresses == null || addresses.isEmpty()) {
      return;
    }
    json.name(name).beginArray();
    for (Address a : addresses) {
      address(json, a);
    }
    json.endArray();
  }

  private static void address(JsonWriter json, Address a) throws IOException {
    json.beginObject().name("email").value(a.email());
    if (a.name() != null) {
      json.name("name").value(a.name());
    }
    json.endObject();
  }

  private static void map(JsonWriter json, String name, Map<String, String> values)
      throws IOException {
    if (values.isEmpty()) {
      return;
    }
    json.name(name).beginObject();
    for (Map.Entry<String, String> e : values.entrySet()) {
      json.name(e.getKey()).value(e.getValue());
    }
    json.endObject();
  }

  @Override
  public String toString() {
    return "MailBody{" + length + " bytes, attachments=" + mail.attachments().size() + "}";
  }
}
