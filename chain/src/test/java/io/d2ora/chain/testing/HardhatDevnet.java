package io.d2ora.chain.testing;

import io.d2ora.chain.Address;
import io.d2ora.chain.ChainConfig;
import io.d2ora.chain.contracts.D2oraRegistry;
import io.d2ora.chain.contracts.D2oraStakeToken;
import io.d2ora.chain.devnet.DevnetInfo;
import io.d2ora.chain.signing.ChainKey;
import io.d2ora.chain.web3j.Web3jChainClient;
import io.d2ora.testing.ProjectRoot;
import io.d2ora.testing.RealComponent;
import io.d2ora.testing.Toolchain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * A real Hardhat node on a free loopback port with the stake token and registry deployed (by web3j
 * from the wrappers' bytecode: faster than Ignition) and {@link #MINTED} tokens minted to each of
 * the first {@link #ACCOUNTS} Hardhat accounts. Use it in a try-with-resources block or a
 * {@code @AfterAll}.
 *
 * <p>When Node 22 or Hardhat is missing (scripts/setup.sh not run), {@link #start()} aborts the
 * test on a developer machine and fails it in CI ({@code CI=true}), saying what is missing.
 */
public final class HardhatDevnet implements AutoCloseable {
  public static final int ACCOUNTS = 5;
  public static final long CHAIN_ID = 31337;
  public static final BigInteger MINTED =
      BigInteger.TEN.pow(18).multiply(BigInteger.valueOf(10_000));
  public static final long DEFAULT_UNBONDING_SECONDS = 60;

  /** Hardhat's default accounts (public mnemonic "test test ... junk"). */
  private static final List<String> KEYS =
      List.of(
          "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
          "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
          "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
          "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
          "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a");

  private final HardhatNode node;
  private final DevnetInfo info;

  private HardhatDevnet(HardhatNode node, DevnetInfo info) {
    this.node = node;
    this.info = info;
  }

  public static HardhatDevnet start() {
    return start(DEFAULT_UNBONDING_SECONDS);
  }

  public static HardhatDevnet start(long unbondingDelaySeconds) {
    RealComponent.HARDHAT.require();
    HardhatNode node =
        HardhatNode.start(ProjectRoot.path(), Toolchain.node(), Toolchain.hardhat(), freePort());
    try {
      return new HardhatDevnet(node, deploy(node.rpcUrl(), unbondingDelaySeconds));
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
  }

  private static DevnetInfo deploy(URI rpcUrl, long unbondingDelaySeconds) {
    Web3j web3j = Web3j.build(new HttpService(rpcUrl.toString()));
    try {
      Credentials owner = Credentials.create(KEYS.get(0));
      var manager =
          new RawTransactionManager(
              web3j, owner, CHAIN_ID, new PollingTransactionReceiptProcessor(web3j, 50, 1200));
      var gas =
          new StaticGasProvider(BigInteger.valueOf(10_000_000_000L), BigInteger.valueOf(8_000_000));
      var token = D2oraStakeToken.deploy(web3j, manager, gas, owner.getAddress()).send();
      var registry =
          D2oraRegistry.deploy(
                  web3j,
                  manager,
                  gas,
                  token.getContractAddress(),
                  BigInteger.valueOf(unbondingDelaySeconds))
              .send();
      for (String key : KEYS) {
        token.mint(Credentials.create(key).getAddress(), MINTED).send();
      }
      return new DevnetInfo(
          CHAIN_ID,
          rpcUrl.toString(),
          registry.getContractAddress(),
          token.getContractAddress(),
          unbondingDelaySeconds,
          KEYS);
    } catch (Exception e) {
      throw new IllegalStateException("deploying the registry to " + rpcUrl + " failed", e);
    } finally {
      web3j.shutdown();
    }
  }

  public URI rpcUrl() {
    return node.rpcUrl();
  }

  public long chainId() {
    return CHAIN_ID;
  }

  public Address registryAddress() {
    return Address.of(info.registryAddress());
  }

  public Address stakeTokenAddress() {
    return Address.of(info.stakeTokenAddress());
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

  /** A client sending from Hardhat account {@code index}; close it after use. */
  public Web3jChainClient client(int index) {
    return Web3jChainClient.connect(config(), account(index));
  }

  /** Writes the devnet file the CLI reads with --devnet-file. */
  public Path writeDevnetFile(Path file) {
    info.write(file);
    return file;
  }

  /** Moves the chain's clock forward and mines a block at the new time. */
  public void increaseTime(Duration by) {
    node.rpc("evm_increaseTime", List.of(by.toSeconds()));
    node.rpc("evm_mine", List.of());
  }

  public Instant latestBlockTime() {
    Object block = node.rpc("eth_getBlockByNumber", List.of("latest", false));
    String hex = (String) ((Map<?, ?>) block).get("timestamp");
    return Instant.ofEpochSecond(Long.decode(hex));
  }

  @Override
  public void close() {
    node.close();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
