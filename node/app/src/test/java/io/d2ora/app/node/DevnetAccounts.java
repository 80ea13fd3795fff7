package io.d2ora.app.node;

import io.d2ora.app.chain.ChainSettings;
import io.d2ora.app.cli.Settings;
import io.d2ora.chain.ChainClient;
import io.d2ora.chain.contracts.D2oraStakeToken;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.FastRawTransactionManager;
import org.web3j.tx.Transfer;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Convert;

/**
 * More staked accounts than the devnet starts with (it funds five): fresh keys derived from a
 * label, given ETH for gas and stake tokens by the devnet's first account (the token's owner), each
 * staking {@code stake} tokens through the node's own chain client. Real transactions on the real
 * devnet, as an operator would fund a new peer.
 */
final class DevnetAccounts {
  private DevnetAccounts() {}

  /**
   * Funds and stakes {@code count} new accounts; returns their private keys (0x hex). The devnet
   * mines a block a second, so the owner's transfers and mints go out together (consecutive nonces)
   * and the accounts stake in parallel.
   */
  static List<String> create(
      String rpcUrl,
      long chainId,
      String registry,
      String stakeToken,
      String ownerKey,
      String label,
      int count,
      long stakeTokens) {
    Web3j web3 = Web3j.build(new HttpService(rpcUrl));
    try {
      FastRawTransactionManager sender =
          new FastRawTransactionManager(
              web3,
              Credentials.create(ownerKey),
              chainId,
              new PollingTransactionReceiptProcessor(web3, 100, 600));
      D2oraStakeToken token =
          D2oraStakeToken.load(stakeToken, web3, sender, new DefaultGasProvider());
      BigInteger tokens = BigInteger.TEN.pow(18).multiply(BigInteger.valueOf(stakeTokens));
      List<String> keys = new ArrayList<>();
      List<CompletableFuture<?>> funding = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        ECKeyPair pair =
            ECKeyPair.create(Hash.sha3((label + "/" + i).getBytes(StandardCharsets.UTF_8)));
        String address = Credentials.create(pair).getAddress();
        funding.add(
            new Transfer(web3, sender)
                .sendFunds(address, BigDecimal.valueOf(10), Convert.Unit.ETHER)
                .sendAsync());
        funding.add(token.mint(address, tokens).sendAsync());
        keys.add("0x" + String.format("%064x", pair.getPrivateKey()));
      }
      CompletableFuture.allOf(funding.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
      CompletableFuture.allOf(
              keys.stream()
                  .map(
                      key -> CompletableFuture.runAsync(() -> stake(rpcUrl, registry, key, tokens)))
                  .toArray(CompletableFuture[]::new))
          .get(2, TimeUnit.MINUTES);
      return keys;
    } catch (Exception e) {
      throw new IllegalStateException("funding devnet accounts failed: " + e, e);
    } finally {
      web3.shutdown();
    }
  }

  private static void stake(String rpcUrl, String registry, String key, BigInteger tokens) {
    try (ChainClient client = client(rpcUrl, registry, key)) {
      client.stake(tokens);
    }
  }

  private static ChainClient client(String rpcUrl, String registry, String key) {
    Map<String, Object> flags =
        Map.of("chain-rpc-url", rpcUrl, "chain-registry", registry, "chain-private-key", key);
    return ChainSettings.resolve(new Settings(flags, Map.of(), Optional.empty())).client();
  }
}
