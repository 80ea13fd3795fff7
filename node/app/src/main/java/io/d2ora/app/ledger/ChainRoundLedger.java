package io.d2ora.app.ledger;

import static io.d2ora.app.ledger.ChainCalls.address;
import static io.d2ora.app.ledger.ChainCalls.call;
import static io.d2ora.app.ledger.ChainCalls.hash;

import io.d2ora.chain.ChainClient;
import io.d2ora.chain.EthAddress;
import io.d2ora.chain.RegistryRound;
import io.d2ora.chain.RoundParams;
import io.d2ora.chain.SignedUpdate;
import io.d2ora.chain.TxReceipt;
import io.d2ora.chain.signing.ChainKey;
import io.d2ora.chain.signing.UpdateSigner;
import io.d2ora.core.round.Address;
import io.d2ora.core.round.LedgerReceipt;
import io.d2ora.core.round.LedgerRejectedException;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.round.RoundLedger;
import io.d2ora.core.store.ContentHash;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/**
 * {@link RoundLedger} over the chain module's {@link ChainClient}: {@link ChainRoundReader}'s reads
 * plus this node's transactions. Commitments are signed here with {@link UpdateSigner} (EIP-712,
 * for the chain id the node reported) and sent by this node. Also registers the node's peer and
 * creates rounds, which the node needs beyond the round port.
 */
public final class ChainRoundLedger extends ChainRoundReader implements RoundLedger {
  private final ChainClient chain;
  private final ChainKey key;
  private final UpdateSigner signer;

  /** {@code key} must be the key {@code chain} sends from: it signs the commitments. */
  public ChainRoundLedger(ChainClient chain, ChainKey key) {
    super(chain);
    if (!chain.account().equals(key.address())) {
      throw new IllegalArgumentException(
          "expected the client's key, got " + key.address() + " for " + chain.account());
    }
    this.chain = chain;
    this.key = key;
    this.signer = new UpdateSigner(chain.chainId(), chain.registryAddress());
  }

  @Override
  public Address self() {
    return address(key.address());
  }

  @Override
  public LedgerReceipt join(RoundId id) {
    return receipt(call("join round " + id, () -> chain.join(id.value())));
  }

  @Override
  public LedgerReceipt commit(RoundId id, ContentHash updateHash, long numSamples) {
    RegistryRound r =
        registryRound(id).orElseThrow(() -> new LedgerRejectedException("no round " + id));
    SignedUpdate signed =
        signer.sign(key, id.value(), hash(updateHash), numSamples, r.baseModelHash());
    return receipt(call("commit " + updateHash + " in round " + id, () -> chain.commit(signed)));
  }

  @Override
  public LedgerReceipt finalizeRound(
      RoundId id, ContentHash aggregateHash, List<Address> included) {
    List<EthAddress> ascending = included.stream().sorted().map(ChainCalls::address).toList();
    return receipt(
        call(
            "finalize round " + id,
            () -> chain.finalizeRound(id.value(), hash(aggregateHash), ascending)));
  }

  @Override
  public LedgerReceipt dispute(RoundId id, ContentHash claimedHash) {
    return receipt(call("dispute round " + id, () -> chain.dispute(id.value(), hash(claimedHash))));
  }

  /** Registers (or replaces) this node's peer ID and addresses. */
  public LedgerReceipt registerPeer(byte[] peerId, List<String> multiaddrs) {
    return receipt(call("register peer", () -> chain.registerPeer(peerId, multiaddrs)));
  }

  /**
   * Creates a round without a reward pool.
   *
   * @param deadlines join, commit and finalize deadlines, contract semantics (exclusive, epoch s)
   * @return the new round's id
   */
  public RoundId createRound(
      ContentHash baseModelHash,
      ContentHash configHash,
      long[] deadlines,
      BigInteger minStake,
      int maxParticipants,
      Address aggregator) {
    RoundParams params =
        new RoundParams(
            hash(baseModelHash),
            hash(configHash),
            Instant.ofEpochSecond(deadlines[0]),
            Instant.ofEpochSecond(deadlines[1]),
            Instant.ofEpochSecond(deadlines[2]),
            minStake,
            maxParticipants,
            BigInteger.ZERO,
            address(aggregator));
    return RoundId.of(call("create round", () -> chain.createRound(params)));
  }

  private static LedgerReceipt receipt(TxReceipt r) {
    return new LedgerReceipt(r.transactionHash().hex(), r.blockNumber());
  }
}
