package dev.switchboard.http;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockWebServer;

/** A vendor config pointed at a MockWebServer, with a fixed clock and a recording log sink. */
final class HttpTestSupport {
  static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final String SECRET = "sk_test_fake_123";

  final List<String> lines = new CopyOnWriteArrayList<>();

  VendorHttpConfig.Builder config(MockWebServer server) {
    return VendorHttpConfig.builder()
        .provider("acme")
        .module("payments-acme")
        .baseUrl(server.url("/v1/").toString())
        .clock(CLOCK)
        .logSink(lines::add);
  }
}
