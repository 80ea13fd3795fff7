package io.d2ora.chain.web3j;

import io.d2ora.chain.ChainBlock;
import io.d2ora.chain.EthAddress;
import io.d2ora.chain.RegistrySnapshot;
import java.math.BigInteger;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;

/** {@link WrapperViews} whose every {@code eth_call} names one block number. */
final class PinnedSnapshot extends WrapperViews implements RegistrySnapshot {
  private final ChainBlock block;

  PinnedSnapshot(
      Web3j web3j,
      EthAddress registryAddress,
      EthAddress tokenAddress,
      EthAddress caller,
      ChainBlock block) {
    super(
        web3j,
        registryAddress,
        tokenAddress,
        caller,
        DefaultBlockParameter.valueOf(BigInteger.valueOf(block.number())));
    this.block = block;
  }

  @Override
  public ChainBlock block() {
    return block;
  }
}
