package dev.switchboard.testkit;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of the input a parser of vendor data must survive, for jqwik property tests: every
 * adapter's webhook verifier is fed them, and must answer each with its own typed error, never with
 * a runtime exception of the JDK's.
 *
 * <pre>{@code
 * @Property
 * void neverThrowsAnythingElse(@ForAll("numbers") String created) { ... }
 *
 * @Provide
 * Arbitrary<String> numbers() {
 *   return HostileInput.jsonNumbers();
 * }
 * }</pre>
 *
 * <p>Needs {@code net.jqwik:jqwik} on the test classpath; the testkit declares it optional.
 */
public final class HostileInput {
  private HostileInput() {}

  /**
   * JSON numbers of every shape: any {@code long} and {@code double}, integers of 30 digits,
   * exponents up to nine digits either way, and the edges that broke parsers before ({@code 1e300},
   * {@code 1E-999999999}, {@code -0}, {@code 1e400}, a seventeen-digit Unix time).
   */
  public static Arbitrary<String> jsonNumbers() {
    return Arbitraries.oneOf(
        Arbitraries.longs().map(String::valueOf),
        Arbitraries.doubles().map(String::valueOf),
        Arbitraries.bigIntegers()
            .between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30))
            .map(String::valueOf),
        Combinators.combine(
                Arbitraries.integers().between(-9, 9),
                Arbitraries.integers().between(-999_999_999, 999_999_999))
            .as((m, e) -> m + "e" + e),
        Arbitraries.of(
            "1e300",
            "-1e300",
            "1E-999999999",
            "1e999999999",
            "99999999999999999",
            "-0",
            "0.5",
            "1714564800.25",
            "1e400"));
  }
}
