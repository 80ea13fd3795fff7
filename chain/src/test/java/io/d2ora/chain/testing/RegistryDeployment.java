package io.d2ora.chain.testing;

import io.d2ora.chain.contracts.D2oraRegistry;
import io.d2ora.chain.contracts.D2oraStakeToken;
import io.d2ora.chain.devnet.DevnetInfo;
import java.math.BigInteger;
import java.net.URI;
import java.util.List;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * Deploys what {@code ignition/modules/DevnetStake.js} deploys, with web3j from the wrappers'
 * bytecode: on any EVM node, and in about a second where Ignition takes 5-10 s on Hardhat and over
 * a minute on Anvil with 2 s blocks (it waits for confirmations).
 */
final class RegistryDeployment {
  static final BigInteger MINTED = BigInteger.TEN.pow(18).multiply(BigInteger.valueOf(10_000));

  /** The default accounts of Hardhat and Anvil (public mnemonic "test test ... junk"). */
  static final List<String> KEYS =
      List.of(
          "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
          "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
          "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
          "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
          "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a");

  private static final StaticGasProvider GAS =
      new StaticGasProvider(BigInteger.valueOf(10_000_000_000L), BigInteger.valueOf(8_000_000));

  private RegistryDeployment() {}

  /** Token and registry from account 0, tokens minted to every account, {@code stake} staked. */
  static DevnetInfo deploy(URI rpcUrl, long chainId, long unbondingDelaySeconds, BigInteger stake) {
    Web3j web3j = Web3j.build(new HttpService(rpcUrl.toString()));
    try {
      Credentials owner = Credentials.create(KEYS.get(0));
      var ownerManager = manager(web3j, owner, chainId);
      var token = D2oraStakeToken.deploy(web3j, ownerManager, GAS, owner.getAddress()).send();
      var registry =
          D2oraRegistry.deploy(
                  web3j,
                  ownerManager,
                  GAS,
                  token.getContractAddress(),
                  BigInteger.valueOf(unbondingDelaySeconds))
              .send();
      for (String key : KEYS) {
        token.mint(Credentials.create(key).getAddress(), MINTED).send();
      }
      if (stake.signum() > 0) {
        for (String key : KEYS) {
          stake(web3j, chainId, Credentials.create(key), token, registry, stake);
        }
      }
      return new DevnetInfo(
          chainId,
          rpcUrl.toString(),
          registry.getContractAddress(),
          token.getContractAddress(),
          unbondingDelaySeconds,
          KEYS);
    } catch (Exception e) {
      throw new IllegalStateException(
          "deploying the registry to " + rpcUrl + " failed: " + e.getMessage(), e);
    } finally {
      web3j.shutdown();
    }
  }

  private static void stake(
      Web3j web3j,
      long chainId,
      Credentials account,
      D2oraStakeToken token,
      D2oraRegistry registry,
      BigInteger amount)
      throws Exception {
    var manager = manager(web3j, account, chainId);
    D2oraStakeToken.load(token.getContractAddress(), web3j, manager, GAS)
        .approve(registry.getContractAddress(), amount)
        .send();
    D2oraRegistry.load(registry.getContractAddress(), web3j, manager, GAS).stake(amount).send();
  }

  /** Mints {@code amount} stake tokens to {@code to}, as the token's owner (account 0). */
  static void mint(DevnetInfo info, String to, BigInteger amount) {
    Web3j web3j = Web3j.build(new HttpService(info.rpcUrl()));
    try {
      Credentials owner = Credentials.create(KEYS.get(0));
      D2oraStakeToken.load(
              info.stakeTokenAddress(), web3j, manager(web3j, owner, info.chainId()), GAS)
          .mint(to, amount)
          .send();
    } catch (Exception e) {
      throw new IllegalStateException("minting to " + to + " failed: " + e.getMessage(), e);
    } finally {
      web3j.shutdown();
    }
  }

  private static RawTransactionManager manager(Web3j web3j, Credentials from, long chainId) {
    return new RawTransactionManager(
        web3j, from, chainId, new PollingTransactionReceiptProcessor(web3j, 50, 1200));
  }
}
