package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.AuthenticationException;
import dev.switchboard.NotFoundException;
import dev.switchboard.storage.BlobStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** The contract's default presigned-URL hooks speak plain HTTP, as a browser would. */
class BlobStoreContractHooksTest {
  private final List<String> received = new ArrayList<>();
  private final BlobStoreContract contract =
      new BlobStoreContract() {
        @Override
        protected BlobStore store() {
          return InMemoryBlobStore.create();
        }
      };
  private HttpServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          byte[] body = exchange.getRequestBody().readAllBytes();
          synchronized (received) {
            received.add(
                exchange.getRequestMethod()
                    + " "
                    + path
                    + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type")
                    + " "
                    + new String(body, StandardCharsets.UTF_8));
          }
          int status = Integer.parseInt(path.substring(1));
          byte[] answer = "served".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, answer.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
          }
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private URI url(int status) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + status);
  }

  @Test
  void fetchReturnsTheBodyOfASuccessfulAnswer() throws Exception {
    assertThat(new String(contract.fetchPresigned(url(200)), StandardCharsets.UTF_8))
        .isEqualTo("served");
    assertThat(received).containsExactly("GET /200 null ");
  }

  @Test
  void refusalIsAnAuthenticationFailureAndMissingIsNotFound() {
    assertThatThrownBy(() -> contract.fetchPresigned(url(403)))
        .isInstanceOfSatisfying(
            AuthenticationException.class, e -> assertThat(e.httpStatus()).hasValue(403));
    assertThatThrownBy(() -> contract.fetchPresigned(url(401)))
        .isInstanceOf(AuthenticationException.class);
    assertThatThrownBy(() -> contract.fetchPresigned(url(404)))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> contract.fetchPresigned(url(500)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("HTTP 500");
  }

  @Test
  void uploadSendsTheBodyAndContentType() throws Exception {
    contract.uploadPresigned(url(200), "up".getBytes(StandardCharsets.UTF_8), "text/plain");
    contract.uploadPresigned(url(204), new byte[0], null);
    assertThat(received).containsExactly("PUT /200 text/plain up", "PUT /204 null ");
    assertThatThrownBy(() -> contract.uploadPresigned(url(403), new byte[0], null))
        .isInstanceOf(AuthenticationException.class);
  }

  @Test
  void otherSchemesNeedAnOverride() {
    URI memory = URI.create("memory://fake/k");
    assertThatThrownBy(() -> contract.fetchPresigned(memory))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("override fetchPresigned");
    assertThatThrownBy(() -> contract.uploadPresigned(memory, new byte[0], null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("override fetchPresigned and uploadPresigned");
  }

  @Test
  void expiryTestIsSkippedWithoutAClockOverride() {
    assertThatThrownBy(() -> contract.setClockOffset(Duration.ofHours(-1)))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("does not override setClockOffset");
  }
}
