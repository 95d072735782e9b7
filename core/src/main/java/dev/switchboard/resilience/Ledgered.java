package dev.switchboard.resilience;

import dev.switchboard.http.CallMode;
import dev.switchboard.state.KeyLedger;
import dev.switchboard.state.LedgerRecord;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * How one keyed operation of a composite uses the {@link KeyLedger}.
 *
 * @param scope the ledger scope, such as {@code payments.charge}
 * @param fingerprint the digest of the request, without its key ({@link Fingerprint})
 * @param vendorIdOf the vendor's id of a result, recorded when the call succeeds
 * @param fromRecord the result of a {@code SUCCEEDED} record without sending the call again (a
 *     look-up at the provider, or the record itself); null when the vendor's replay is the way
 * @param mayResend whether a repeat of a pending or unknown record may be sent to its provider
 *     again with the key it sent (true where the vendor recognises the key)
 * @param mode how the call runs: a non-blocking call leaves a blocking ledger's claims and settles
 *     to the composite's {@linkplain LedgerGate ledger executor}
 * @param <P> the port
 * @param <T> the operation's result
 */
record Ledgered<P, T>(
    String scope,
    String fingerprint,
    Function<T, String> vendorIdOf,
    BiFunction<FailoverChain.Member<P>, LedgerRecord, CompletableFuture<T>> fromRecord,
    Predicate<LedgerRecord> mayResend,
    CallMode mode) {}
