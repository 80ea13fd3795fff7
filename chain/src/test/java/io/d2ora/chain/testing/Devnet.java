package io.d2ora.chain.testing;

import io.d2ora.chain.ChainConfig;
import io.d2ora.chain.EthAddress;
import io.d2ora.chain.devnet.DevnetInfo;
import io.d2ora.chain.signing.ChainKey;
import io.d2ora.chain.web3j.Web3jChainClient;
import io.d2ora.testing.ProjectRoot;
import io.d2ora.testing.RealComponent;
import io.d2ora.testing.Toolchain;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one devnet every integration test uses: a real EVM dev node on a free loopback port with the
 * stake token and registry deployed, {@link #MINTED} tokens minted to each of the first {@link
 * #ACCOUNTS} default accounts and, if asked, part of it staked. Use it in a try-with-resources
 * block or an {@code @AfterAll}.
 *
 * <ul>
 *   <li>{@link #start()} / {@link #hardhat()}: {@code hardhat node}, one block per transaction, the
 *       clock moved by {@link #increaseTime}. Fast; the default.
 *   <li>{@link #anvil(Duration)}: Foundry's Anvil (a second, independent EVM) mining a block every
 *       {@code blockTime} on the wall clock, as a real chain does: for deadline and block-time
 *       behaviour.
 * </ul>
 *
 * <p>Tests declare {@code @RequiresRealComponents(HARDHAT)} (or {@code ANVIL}); {@link
 * Builder#start()} checks too, so a missing node fails in CI and skips on a laptop.
 */
public final class Devnet implements AutoCloseable {
  public static final int ACCOUNTS = RegistryDeployment.KEYS.size();
  public static final long CHAIN_ID = 31337;
  public static final BigInteger MINTED = RegistryDeployment.MINTED;
  public static final long DEFAULT_UNBONDING_SECONDS = 60;

  private final DevnetNode node;
  private final DevnetInfo info;
  private final Optional<Duration> blockTime;

  private Devnet(DevnetNode node, DevnetInfo info, Optional<Duration> blockTime) {
    this.node = node;
    this.info = info;
    this.blockTime = blockTime;
  }

  /** A Hardhat devnet with the defaults: nothing staked, unbonding delay 60 s. */
  public static Devnet start() {
    return hardhat().start();
  }

  public static Builder hardhat() {
    return new Builder(Optional.empty());
  }

  /** An Anvil devnet mining every {@code blockTime} (whole seconds, at least 1). */
  public static Builder anvil(Duration blockTime) {
    if (blockTime.toSeconds() < 1 || blockTime.toMillis() % 1000 != 0) {
      throw new IllegalArgumentException(
          "Anvil block time must be whole seconds >= 1: " + blockTime);
    }
    return new Builder(Optional.of(blockTime));
  }

  /** How to start a devnet: which node, unbonding delay, stake per account. */
  public static final class Builder {
    private final Optional<Duration> blockTime;
    private long unbondingDelaySeconds = DEFAULT_UNBONDING_SECONDS;
    private BigInteger stakeEach = BigInteger.ZERO;

    private Builder(Optional<Duration> blockTime) {
      this.blockTime = blockTime;
    }

    public Builder unbondingDelaySeconds(long seconds) {
      this.unbondingDelaySeconds = seconds;
      return this;
    }

    /** Every devnet account approves the registry and stakes {@code tokens} whole tokens. */
    public Builder stakeEach(long tokens) {
      this.stakeEach = BigInteger.TEN.pow(18).multiply(BigInteger.valueOf(tokens));
      return this;
    }

    public Devnet start() {
      DevnetNode node = blockTime.isEmpty() ? startHardhat() : startAnvil(blockTime.get());
      try {
        return new Devnet(node, deploy(node), blockTime);
      } catch (RuntimeException e) {
        node.close();
        throw e;
      }
    }

    /**
     * Anvil mines only on its clock, so a deployment of ~17 transactions would take ~17 blocks: it
     * mines per transaction while deploying, then returns to its block time.
     */
    private DevnetInfo deploy(DevnetNode node) {
      if (blockTime.isPresent()) {
        node.rpc("evm_setAutomine", List.of(true));
      }
      DevnetInfo deployed =
          RegistryDeployment.deploy(node.rpcUrl(), CHAIN_ID, unbondingDelaySeconds, stakeEach);
      if (blockTime.isPresent()) {
        node.rpc("evm_setIntervalMining", List.of(blockTime.get().toSeconds()));
      }
      return deployed;
    }

    private static DevnetNode startHardhat() {
      RealComponent.HARDHAT.require();
      return DevnetNode.hardhat(ProjectRoot.path(), Toolchain.node(), Toolchain.hardhat());
    }

    private static DevnetNode startAnvil(Duration blockTime) {
      RealComponent.ANVIL.require();
      return DevnetNode.anvil(ProjectRoot.path(), Toolchain.anvil(), blockTime, CHAIN_ID);
    }
  }

  public URI rpcUrl() {
    return node.rpcUrl();
  }

  public long chainId() {
    return CHAIN_ID;
  }

  /** The block time of an Anvil devnet; empty for Hardhat, which mines per transaction. */
  public Optional<Duration> blockTime() {
    return blockTime;
  }

  public EthAddress registryAddress() {
    return EthAddress.of(info.registryAddress());
  }

  public EthAddress stakeTokenAddress() {
    return EthAddress.of(info.stakeTokenAddress());
  }

  public DevnetInfo info() {
    return info;
  }

  public ChainConfig config() {
    return info.config();
  }

  public ChainKey account(int index) {
    return info.account(index);
  }

  /** The private key of devnet account {@code index}, as {@code 0x} + 64 hex digits. */
  public String privateKeyHex(int index) {
    account(index);
    return info.accountPrivateKeys().get(index);
  }

  /** A client sending from devnet account {@code index}; close it after use. */
  public Web3jChainClient client(int index) {
    return Web3jChainClient.connect(config(), account(index));
  }

  /**
   * A fresh account beyond the default ones (for rounds of many participants): 100 ETH for gas and
   * {@link #MINTED} stake tokens.
   */
  public ChainKey fundedAccount() {
    ChainKey key = ChainKey.generate();
    String method = blockTime.isPresent() ? "anvil_setBalance" : "hardhat_setBalance";
    node.rpc(method, List.of(key.address().hex(), "0x56bc75e2d63100000"));
    RegistryDeployment.mint(info, key.address().hex(), MINTED);
    return key;
  }

  /** A client sending from {@code key}; close it after use. */
  public Web3jChainClient client(ChainKey key) {
    return Web3jChainClient.connect(config(), key);
  }

  /** Writes the devnet file the CLI reads with --chain-devnet-file. */
  public Path writeDevnetFile(Path file) {
    info.write(file);
    return file;
  }

  /** Moves the chain's clock forward and mines a block at the new time. */
  public void increaseTime(Duration by) {
    node.rpc("evm_increaseTime", List.of(by.toSeconds()));
    node.rpc("evm_mine", List.of());
  }

  /** A raw JSON-RPC call to the node (e.g. {@code evm_mine}, {@code evm_setAutomine}). */
  public Object rpc(String method, List<?> params) {
    return node.rpc(method, params);
  }

  public Instant latestBlockTime() {
    return Instant.ofEpochSecond(Long.decode(latestBlock().get("timestamp").toString()));
  }

  public long blockNumber() {
    return Long.decode(node.rpc("eth_blockNumber", List.of()).toString());
  }

  private Map<?, ?> latestBlock() {
    return (Map<?, ?>) node.rpc("eth_getBlockByNumber", List.of("latest", false));
  }

  /** Stops the node; idempotent. */
  @Override
  public void close() {
    node.close();
  }
}
