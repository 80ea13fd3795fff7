package io.d2ora.app.ledger;

import io.d2ora.chain.ChainConfigException;
import io.d2ora.chain.ChainDataException;
import io.d2ora.chain.ChainRevertException;
import io.d2ora.chain.ChainUnavailableException;
import io.d2ora.chain.EthAddress;
import io.d2ora.chain.Hash32;
import io.d2ora.core.round.Address;
import io.d2ora.core.round.LedgerRejectedException;
import io.d2ora.core.round.LedgerUnavailableException;
import io.d2ora.core.store.ContentHash;
import java.util.function.Supplier;

/** Maps between the chain module's values and failures and the core's. */
final class ChainCalls {
  private ChainCalls() {}

  /**
   * Runs a chain call; unavailable or misconfigured chain, or one answering with values the
   * registry cannot hold -> unavailable (the node waits and reports), revert -> rejected.
   */
  static <T> T call(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (ChainUnavailableException | ChainConfigException | ChainDataException e) {
      throw new LedgerUnavailableException(what + ": " + e.getMessage(), e);
    } catch (ChainRevertException e) {
      throw new LedgerRejectedException(what + " rejected: " + e.getMessage(), e);
    }
  }

  /**
   * Runs a read. A read asks only what its block holds (a proposal index below the count read from
   * the same block), so a view that reverts is the chain node answering inconsistently, not the
   * registry refusing: unavailable, like an outage, which the node waits out and reads again. The
   * reader ports promise nothing else; a rejection here ended the node's round loop.
   */
  static <T> T read(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (ChainUnavailableException | ChainConfigException | ChainDataException e) {
      throw new LedgerUnavailableException(what + ": " + e.getMessage(), e);
    } catch (ChainRevertException e) {
      throw new LedgerUnavailableException(
          what + ": the chain node's answers disagree (a read reverted): " + e.getMessage(), e);
    }
  }

  static Address address(EthAddress a) {
    return new Address(a.hex());
  }

  static EthAddress address(Address a) {
    return EthAddress.of(a.hex());
  }

  static ContentHash hash(Hash32 h) {
    return new ContentHash(h.hex());
  }

  static Hash32 hash(ContentHash h) {
    return Hash32.of(h.hex());
  }
}
