package dev.switchboard.deferred.jdbc.internal;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import dev.switchboard.IdempotencyKey;
import dev.switchboard.InvalidRequestException;
import dev.switchboard.email.Attachment;
import dev.switchboard.email.EmailAddress;
import dev.switchboard.email.EmailMessage;
import dev.switchboard.email.SendResult;
import dev.switchboard.payments.CaptureMode;
import dev.switchboard.payments.ChargeRequest;
import dev.switchboard.payments.FailureCode;
import dev.switchboard.payments.Money;
import dev.switchboard.payments.Payment;
import dev.switchboard.payments.PaymentFailure;
import dev.switchboard.payments.PaymentId;
import dev.switchboard.payments.PaymentSource;
import dev.switchboard.payments.PaymentStatus;
import dev.switchboard.storage.BlobContent;
import dev.switchboard.storage.BlobInfo;
import dev.switchboard.storage.PutOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Requests and results as versioned JSON ({@code "v": 1}), written field by field so that what is
 * stored is exactly what is listed here: a charge's source as vendor tokens, never anything else.
 * Numbers that must stay exact (minor units, sizes) are strings, since JSON numbers come back as
 * doubles.
 */
public final class Codec {
  static final int VERSION = 1;

  private static final JsonAdapter<Map<String, Object>> JSON =
      new Moshi.Builder()
          .build()
          .<Map<String, Object>>adapter(
              Types.newParameterizedType(Map.class, String.class, Object.class))
          .serializeNulls();

  private Codec() {}

  // ---- requests ----

  /**
   * The stored form of a charge.
   *
   * @throws InvalidRequestException if the source is not vendor tokens
   */
  public static String charge(ChargeRequest request) {
    if (request.source().kind() != PaymentSource.Kind.TOKEN) {
      throw InvalidRequestException.invalidField(
          "source",
          "a deferred charge needs vendor tokens (PaymentSource.token): a "
              + request.source().kind()
              + " source cannot wait in a queue");
    }
    Map<String, Object> tokens = new LinkedHashMap<>();
    for (String provider : request.source().providers()) {
      tokens.put(provider, request.source().tokenFor(provider).orElseThrow());
    }
    Map<String, Object> m = versioned();
    m.put("key", request.idempotencyKey().value());
    m.put("amount", money(request.amount()));
    m.put("tokens", tokens);
    m.put("capture", request.captureMode().name());
    m.put("description", request.description().orElse(null));
    m.put("customerReference", request.customerReference().orElse(null));
    m.put("statementDescriptor", request.statementDescriptor().orElse(null));
    m.put("metadata", request.metadata());
    return JSON.toJson(m);
  }

  public static ChargeRequest charge(String json) {
    Map<String, Object> m = read(json);
    PaymentSource source = null;
    for (Map.Entry<String, Object> token : map(m, "tokens").entrySet()) {
      source =
          source == null
              ? PaymentSource.token(token.getKey(), (String) token.getValue())
              : source.orToken(token.getKey(), (String) token.getValue());
    }
    ChargeRequest.Builder b =
        ChargeRequest.builder()
            .idempotencyKey(IdempotencyKey.of((String) m.get("key")))
            .amount(money(map(m, "amount")))
            .source(source)
            .captureMode(CaptureMode.valueOf((String) m.get("capture")))
            .metadata(strings(map(m, "metadata")));
    if (m.get("description") != null) {
      b.description((String) m.get("description"));
    }
    if (m.get("customerReference") != null) {
      b.customerReference((String) m.get("customerReference"));
    }
    if (m.get("statementDescriptor") != null) {
      b.statementDescriptor((String) m.get("statementDescriptor"));
    }
    return b.build();
  }

  public static String email(EmailMessage message) {
    Map<String, Object> m = versioned();
    m.put("key", message.idempotencyKey().value());
    m.put("from", address(message.from()));
    m.put("to", addresses(message.to()));
    m.put("cc", addresses(message.cc()));
    m.put("bcc", addresses(message.bcc()));
    m.put("replyTo", addresses(message.replyTo()));
    m.put("subject", message.subject());
    m.put("text", message.text().orElse(null));
    m.put("html", message.html().orElse(null));
    List<Object> attachments = new ArrayList<>();
    for (Attachment a : message.attachments()) {
      Map<String, Object> am = new LinkedHashMap<>();
      am.put("filename", a.filename());
      am.put("contentType", a.contentType());
      am.put("disposition", a.disposition().name());
      am.put("contentId", a.contentId().orElse(null));
      if (a.path().isPresent()) {
        am.put("path", a.path().get().toString());
      } else {
        am.put("content", Base64.getEncoder().encodeToString(a.bytes()));
      }
      attachments.add(am);
    }
    m.put("attachments", attachments);
    m.put("headers", message.headers());
    m.put("tags", message.tags());
    m.put("metadata", message.metadata());
    m.put("sendAt", message.sendAt().map(Instant::toString).orElse(null));
    m.put("resendAfterUnknownOutcome", message.resendAfterUnknownOutcome());
    return JSON.toJson(m);
  }

  @SuppressWarnings("unchecked")
  public static EmailMessage email(String json) {
    Map<String, Object> m = read(json);
    EmailMessage.Builder b =
        EmailMessage.builder()
            .idempotencyKey(IdempotencyKey.of((String) m.get("key")))
            .from(address((Map<String, Object>) m.get("from")))
            .to(addresses(m.get("to")))
            .cc(addresses(m.get("cc")))
            .bcc(addresses(m.get("bcc")))
            .replyTo(addresses(m.get("replyTo")))
            .subject((String) m.get("subject"))
            .headers(strings(map(m, "headers")))
            .tags((List<String>) m.get("tags"))
            .metadata(strings(map(m, "metadata")))
            .resendAfterUnknownOutcome(Boolean.TRUE.equals(m.get("resendAfterUnknownOutcome")));
    if (m.get("text") != null) {
      b.text((String) m.get("text"));
    }
    if (m.get("html") != null) {
      b.html((String) m.get("html"));
    }
    if (m.get("sendAt") != null) {
      b.sendAt(Instant.parse((String) m.get("sendAt")));
    }
    for (Object o : (List<Object>) m.get("attachments")) {
      Map<String, Object> am = (Map<String, Object>) o;
      Attachment.Builder ab =
          Attachment.builder()
              .filename((String) am.get("filename"))
              .contentType((String) am.get("contentType"))
              .disposition(Attachment.Disposition.valueOf((String) am.get("disposition")));
      if (am.get("path") != null) {
        ab.content(Path.of((String) am.get("path")));
      } else {
        ab.content(Base64.getDecoder().decode((String) am.get("content")));
      }
      if (am.get("contentId") != null) {
        ab.contentId((String) am.get("contentId"));
      }
      b.addAttachment(ab.build());
    }
    return b.build();
  }

  /** A stored put: the blob's key, its options, and its bytes or its path. */
  public record StoredPut(String key, BlobContent content, PutOptions options) {}

  /**
   * The stored form of a put.
   *
   * @throws InvalidRequestException if the content is a stream, or bytes over {@code maxBytes}
   */
  public static String put(String key, BlobContent content, PutOptions options, long maxBytes) {
    Map<String, Object> m = versioned();
    m.put("blobKey", key);
    m.put("key", options.idempotencyKey().value());
    m.put("contentType", options.contentType());
    m.put("metadata", options.metadata());
    m.put("createIfAbsent", options.createIfAbsent());
    if (content.path().isPresent()) {
      m.put("path", content.path().get().toAbsolutePath().toString());
    } else if (content.isRepeatable() && content.length().isPresent()) {
      long length = content.length().getAsLong();
      if (length > maxBytes) {
        throw InvalidRequestException.invalidField(
            "content",
            "a deferred put stores at most "
                + maxBytes
                + " bytes in the queue, this content has "
                + length
                + "; pass a Path instead");
      }
      try (var in = content.openStream()) {
        m.put("content", Base64.getEncoder().encodeToString(in.readAllBytes()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    } else {
      throw InvalidRequestException.invalidField(
          "content", "a deferred put needs bytes or a Path: a stream cannot wait in a queue");
    }
    return JSON.toJson(m);
  }

  public static StoredPut put(String json) {
    Map<String, Object> m = read(json);
    PutOptions.Builder options =
        PutOptions.builder()
            .idempotencyKey(IdempotencyKey.of((String) m.get("key")))
            .metadata(strings(map(m, "metadata")))
            .createIfAbsent(Boolean.TRUE.equals(m.get("createIfAbsent")));
    if (m.get("contentType") != null) {
      options.contentType((String) m.get("contentType"));
    }
    BlobContent content =
        m.get("path") != null
            ? BlobContent.of(Path.of((String) m.get("path")))
            : BlobContent.of(Base64.getDecoder().decode((String) m.get("content")));
    return new StoredPut((String) m.get("blobKey"), content, options.build());
  }

  // ---- results ----

  public static String payment(Payment p) {
    Map<String, Object> m = versioned();
    m.put("provider", p.id().provider());
    m.put("id", p.id().value());
    m.put("status", p.status().name());
    m.put("amount", money(p.amount()));
    m.put("captured", money(p.captured()));
    m.put("refunded", money(p.refunded()));
    m.put("nextActionUrl", p.nextActionUrl().map(URI::toString).orElse(null));
    m.put(
        "failure",
        p.failure()
            .map(
                f -> {
                  Map<String, Object> fm = new LinkedHashMap<>();
                  fm.put("code", f.code().name());
                  fm.put("vendorCode", f.vendorCode());
                  fm.put("message", f.message());
                  return fm;
                })
            .orElse(null));
    m.put("created", p.created().toString());
    m.put("metadata", p.metadata());
    m.put("vendorRequestId", p.vendorRequestId().orElse(null));
    m.put("captureMode", p.captureMode().name());
    return JSON.toJson(m);
  }

  public static Payment payment(String json) {
    Map<String, Object> m = read(json);
    Payment.Builder b =
        Payment.builder()
            .id(PaymentId.of((String) m.get("provider"), (String) m.get("id")))
            .status(PaymentStatus.valueOf((String) m.get("status")))
            .amount(money(map(m, "amount")))
            .captured(money(map(m, "captured")))
            .refunded(money(map(m, "refunded")))
            .created(Instant.parse((String) m.get("created")))
            .metadata(strings(map(m, "metadata")))
            .captureMode(CaptureMode.valueOf((String) m.get("captureMode")));
    if (m.get("nextActionUrl") != null) {
      b.nextActionUrl(URI.create((String) m.get("nextActionUrl")));
    }
    if (m.get("failure") != null) {
      Map<String, Object> f = map(m, "failure");
      b.failure(
          new PaymentFailure(
              FailureCode.valueOf((String) f.get("code")),
              (String) f.get("vendorCode"),
              (String) f.get("message")));
    }
    if (m.get("vendorRequestId") != null) {
      b.vendorRequestId((String) m.get("vendorRequestId"));
    }
    return b.build();
  }

  public static String sendResult(SendResult r) {
    Map<String, Object> m = versioned();
    m.put("provider", r.provider());
    m.put("messageId", r.messageId());
    m.put("acceptedAt", r.acceptedAt().toString());
    m.put("vendorRequestId", r.vendorRequestId().orElse(null));
    return JSON.toJson(m);
  }

  public static SendResult sendResult(String json) {
    Map<String, Object> m = read(json);
    return SendResult.of(
        (String) m.get("provider"),
        (String) m.get("messageId"),
        Instant.parse((String) m.get("acceptedAt")),
        (String) m.get("vendorRequestId"));
  }

  public static String blobInfo(BlobInfo info) {
    Map<String, Object> m = versioned();
    m.put("key", info.key());
    m.put("size", Long.toString(info.size()));
    m.put("contentType", info.contentType().orElse(null));
    m.put("etag", info.etag());
    m.put("lastModified", info.lastModified().toString());
    m.put("metadata", info.metadata());
    return JSON.toJson(m);
  }

  public static BlobInfo blobInfo(String json) {
    Map<String, Object> m = read(json);
    BlobInfo.Builder b =
        BlobInfo.builder()
            .key((String) m.get("key"))
            .size(Long.parseLong((String) m.get("size")))
            .etag((String) m.get("etag"))
            .lastModified(Instant.parse((String) m.get("lastModified")))
            .metadata(strings(map(m, "metadata")));
    if (m.get("contentType") != null) {
      b.contentType((String) m.get("contentType"));
    }
    return b.build();
  }

  // ---- helpers ----

  private static Map<String, Object> versioned() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("v", VERSION);
    return m;
  }

  private static Map<String, Object> read(String json) {
    Map<String, Object> m;
    try {
      m = JSON.fromJson(json);
    } catch (IOException e) {
      throw new IllegalStateException("a stored deferred call is not JSON", e);
    }
    Object v = m == null ? null : m.get("v");
    if (!(v instanceof Number n) || n.intValue() != VERSION) {
      throw new IllegalStateException(
          "a stored deferred call has version " + v + "; this module reads " + VERSION);
    }
    return m;
  }

  private static Map<String, Object> money(Money money) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("minor", Long.toString(money.minorUnits()));
    m.put("currency", money.currency().getCurrencyCode());
    return m;
  }

  private static Money money(Map<String, Object> m) {
    return Money.ofMinor(Long.parseLong((String) m.get("minor")), (String) m.get("currency"));
  }

  private static Map<String, Object> address(EmailAddress a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("address", a.address());
    m.put("name", a.displayName().orElse(null));
    return m;
  }

  private static EmailAddress address(Map<String, Object> m) {
    String name = (String) m.get("name");
    return name == null
        ? EmailAddress.of((String) m.get("address"))
        : EmailAddress.of((String) m.get("address"), name);
  }

  private static List<Object> addresses(List<EmailAddress> list) {
    return new ArrayList<>(list.stream().map(Codec::address).toList());
  }

  @SuppressWarnings("unchecked")
  private static List<EmailAddress> addresses(Object list) {
    return ((List<Object>) list).stream().map(o -> address((Map<String, Object>) o)).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> m, String field) {
    return (Map<String, Object>) m.get(field);
  }

  private static Map<String, String> strings(Map<String, Object> m) {
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, (String) v));
    return out;
  }
}
