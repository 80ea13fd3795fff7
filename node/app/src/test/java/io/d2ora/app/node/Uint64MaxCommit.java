package io.d2ora.app.node;

import io.d2ora.chain.EthAddress;
import io.d2ora.chain.contracts.D2oraRegistry;
import io.d2ora.chain.signing.UpdateSigner;
import io.d2ora.core.round.LedgerReceipt;
import io.d2ora.core.round.LedgerRejectedException;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.store.ContentHash;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Sign;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/**
 * A commit claiming 2^64 - 1 samples, correctly signed (EIP-712 over the full uint64) and sent as a
 * real transaction with a fixed gas limit, so it is mined even though it reverts: the node's own
 * chain client cannot express the value (it takes a Java long) and estimates gas first, which would
 * keep the refusal off chain. A revert is the registry's refusal ({@link LedgerRejectedException},
 * as the node's real ledger reports one).
 */
final class Uint64MaxCommit {
  static final BigInteger UINT64_MAX = BigInteger.TWO.pow(64).subtract(BigInteger.ONE);
  private static final byte[] UPDATE_TYPEHASH =
      Hash.sha3(
          "Update(uint256 roundId,bytes32 updateHash,uint64 numSamples,bytes32 baseModelHash)"
              .getBytes(StandardCharsets.UTF_8));

  private final String rpcUrl;
  private final long chainId;
  private final String registry;
  private final Credentials key;

  Uint64MaxCommit(String rpcUrl, long chainId, String registry, String privateKey) {
    this.rpcUrl = rpcUrl;
    this.chainId = chainId;
    this.registry = registry;
    this.key = Credentials.create(privateKey);
  }

  LedgerReceipt commit(RoundId id, ContentHash updateHash, ContentHash baseModelHash) {
    byte[] signature = sign(id, updateHash, baseModelHash);
    Web3j web3 = Web3j.build(new HttpService(rpcUrl));
    try {
      RawTransactionManager sender =
          new RawTransactionManager(
              web3, key, chainId, new PollingTransactionReceiptProcessor(web3, 100, 600));
      TransactionReceipt receipt =
          D2oraRegistry.load(
                  registry,
                  web3,
                  sender,
                  new StaticGasProvider(
                      BigInteger.valueOf(10_000_000_000L), BigInteger.valueOf(500_000)))
              .commit(
                  BigInteger.valueOf(id.value()),
                  updateHash.bytes(),
                  UINT64_MAX,
                  key.getAddress(),
                  signature)
              .send();
      if (!receipt.isStatusOK()) {
        throw refused(id, "reverted in block " + receipt.getBlockNumber(), null);
      }
      return new LedgerReceipt(receipt.getTransactionHash(), receipt.getBlockNumber().longValue());
    } catch (LedgerRejectedException e) {
      throw e;
    } catch (Exception e) {
      throw refused(id, e.getMessage(), e);
    } finally {
      web3.shutdown();
    }
  }

  private static LedgerRejectedException refused(RoundId id, String why, Exception cause) {
    return new LedgerRejectedException(
        "commit of " + UINT64_MAX + " samples in round " + id + " rejected: " + why, cause);
  }

  /** The registry's EIP-712 digest of Update(roundId, updateHash, 2^64 - 1, baseModelHash). */
  private byte[] sign(RoundId id, ContentHash updateHash, ContentHash baseModelHash) {
    byte[] struct =
        Hash.sha3(
            concat(
                UPDATE_TYPEHASH,
                Numeric.toBytesPadded(BigInteger.valueOf(id.value()), 32),
                updateHash.bytes(),
                Numeric.toBytesPadded(UINT64_MAX, 32),
                baseModelHash.bytes()));
    byte[] domain = new UpdateSigner(chainId, EthAddress.of(registry)).domainSeparator().bytes();
    byte[] digest = Hash.sha3(concat(new byte[] {0x19, 0x01}, domain, struct));
    Sign.SignatureData s = Sign.signMessage(digest, key.getEcKeyPair(), false);
    return concat(s.getR(), s.getS(), s.getV());
  }

  private static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
