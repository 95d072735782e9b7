package dev.switchboard.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.InvalidRequestException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PaymentSourceTest {
  private static final URI RETURN = URI.create("https://shop.example/paid");
  private static final URI CANCEL = URI.create("https://shop.example/cart");

  @Test
  void holdsOneTokenPerProviderInOrder() {
    PaymentSource source = PaymentSource.token("stripe", "pm_123").orToken("paypal", "vault-id");

    assertThat(source.kind()).isEqualTo(PaymentSource.Kind.TOKEN);
    assertThat(source.providers()).containsExactly("stripe", "paypal");
    assertThat(source.tokenFor("stripe")).contains("pm_123");
    assertThat(source.tokenFor("paypal")).contains("vault-id");
    assertThat(source.tokenFor("adyen")).isEmpty();
    assertThat(source.returnUrl()).isEmpty();
  }

  @Test
  void orTokenLeavesTheOriginalUnchanged() {
    PaymentSource stripe = PaymentSource.token("stripe", "pm_123");

    PaymentSource both = stripe.orToken("paypal", "vault-id");

    assertThat(stripe.providers()).containsExactly("stripe");
    assertThat(both).isNotEqualTo(stripe);
    assertThatThrownBy(() -> both.providers().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void rejectsASecondTokenForOneProvider() {
    PaymentSource source = PaymentSource.token("stripe", "pm_123");

    assertThatThrownBy(() -> source.orToken("stripe", "pm_456"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("provider \"stripe\" already has a token");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  "})
  void rejectsBlankProvidersAndTokens(String blank) {
    assertThatThrownBy(() -> PaymentSource.token(blank, "pm_123"))
        .hasMessageStartingWith("provider is blank");
    assertThatThrownBy(() -> PaymentSource.token("stripe", blank))
        .hasMessageStartingWith("token for provider \"stripe\" is blank");
    assertThatThrownBy(() -> PaymentSource.token(null, "pm_123"))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> PaymentSource.token("stripe", null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void describesAnApprovalFlow() {
    PaymentSource source = PaymentSource.approval(RETURN, CANCEL);

    assertThat(source.kind()).isEqualTo(PaymentSource.Kind.APPROVAL);
    assertThat(source.returnUrl()).contains(RETURN);
    assertThat(source.cancelUrl()).contains(CANCEL);
    assertThat(source.providers()).isEmpty();
    assertThat(source.tokenFor("stripe")).isEmpty();
    assertThat(source).isEqualTo(PaymentSource.approval(RETURN, CANCEL));
    assertThat(source)
        .hasToString("PaymentSource[approval, return=" + RETURN + ", cancel=" + CANCEL + "]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/relative", "ftp://shop.example/x", "mailto:a@b.example", "https:/x"})
  void rejectsApprovalUrlsThatAreNotAbsoluteHttp(String url) {
    assertThatThrownBy(() -> PaymentSource.approval(URI.create(url), CANCEL))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("source.returnUrl must be an absolute http(s) URL, got " + url);
    assertThatThrownBy(() -> PaymentSource.approval(RETURN, URI.create(url)))
        .hasMessageContaining("source.cancelUrl");
  }

  @Test
  void rejectsMissingApprovalUrlsAndTokensOnApprovalSources() {
    assertThatThrownBy(() -> PaymentSource.approval(null, CANCEL))
        .hasMessageStartingWith("source.returnUrl == null");
    assertThatThrownBy(() -> PaymentSource.approval(RETURN, CANCEL).orToken("stripe", "pm_1"))
        .hasMessageStartingWith("an approval source holds no tokens");
  }

  @Test
  void printsProviderNamesAndOnlyTheLastFourCharactersOfTokens() {
    PaymentSource source =
        PaymentSource.token("stripe", "pm_1234567890abcd").orToken("paypal", "short");

    assertThat(source.toString())
        .isEqualTo("PaymentSource[stripe=****abcd, paypal=****]")
        .doesNotContain("pm_123")
        .doesNotContain("short");
  }

  @Test
  void equalsByTokensAndUrls() {
    assertThat(PaymentSource.token("stripe", "pm_1"))
        .isEqualTo(PaymentSource.token("stripe", "pm_1"))
        .hasSameHashCodeAs(PaymentSource.token("stripe", "pm_1"))
        .isNotEqualTo(PaymentSource.token("stripe", "pm_2"))
        .isNotEqualTo(PaymentSource.approval(RETURN, CANCEL));
  }
}
