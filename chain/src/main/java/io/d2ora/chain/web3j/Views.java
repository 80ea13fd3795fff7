package io.d2ora.chain.web3j;

import io.d2ora.chain.ChainException;
import io.d2ora.chain.ChainRevertException;
import io.d2ora.chain.ChainUnavailableException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import org.web3j.tx.exceptions.ContractCallException;

/** Runs a wrapper view call and maps web3j's failures onto the chain exception family. */
final class Views {
  private Views() {}

  static <T> T call(String name, Callable<T> call) {
    try {
      return call.call();
    } catch (ChainException e) {
      throw e;
    } catch (IOException e) {
      throw new ChainUnavailableException(
          name + ": the chain node is unavailable: " + e.getMessage(), true, e);
    } catch (ContractCallException e) {
      throw new ChainRevertException(name, "unknown", List.of(String.valueOf(e.getMessage())));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(name + " failed unexpectedly", e);
    }
  }
}
