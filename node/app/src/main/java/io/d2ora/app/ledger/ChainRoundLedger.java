package io.d2ora.app.ledger;

import static io.d2ora.app.ledger.ChainCalls.address;
import static io.d2ora.app.ledger.ChainCalls.call;
import static io.d2ora.app.ledger.ChainCalls.hash;
import static io.d2ora.app.ledger.ChainCalls.read;

import io.d2ora.chain.ChainClient;
import io.d2ora.chain.ChainEvent;
import io.d2ora.chain.EthAddress;
import io.d2ora.chain.RegistryProposal;
import io.d2ora.chain.RegistryRound;
import io.d2ora.chain.RoundParams;
import io.d2ora.chain.SignedAttestation;
import io.d2ora.chain.SignedUpdate;
import io.d2ora.chain.TxReceipt;
import io.d2ora.chain.signing.AttestationSigner;
import io.d2ora.chain.signing.ChainKey;
import io.d2ora.chain.signing.UpdateSigner;
import io.d2ora.core.round.Address;
import io.d2ora.core.round.LedgerReceipt;
import io.d2ora.core.round.LedgerRejectedException;
import io.d2ora.core.round.LedgerUnavailableException;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.round.RoundLedger;
import io.d2ora.core.store.ContentHash;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/**
 * {@link RoundLedger} over the chain module's {@link ChainClient}: {@link ChainRoundReader}'s reads
 * plus this node's transactions. Commitments and attestations are signed here (EIP-712 {@link
 * UpdateSigner} and {@link AttestationSigner}, for the chain id the node reported) and sent by this
 * node. Also registers the node's peer and creates rounds, which the node needs beyond the port.
 */
public final class ChainRoundLedger extends ChainRoundReader implements RoundLedger {
  private final ChainClient chain;
  private final ChainKey key;
  private final UpdateSigner updates;
  private final AttestationSigner attestations;

  /**
   * {@code key} must be the key {@code chain} sends from: it signs commitments and attestations.
   */
  public ChainRoundLedger(ChainClient chain, ChainKey key) {
    super(chain);
    if (!chain.account().equals(key.address())) {
      throw new IllegalArgumentException(
          "expected the client's key, got " + key.address() + " for " + chain.account());
    }
    this.chain = chain;
    this.key = key;
    this.updates = new UpdateSigner(chain.chainId(), chain.registryAddress());
    this.attestations = new AttestationSigner(chain.chainId(), chain.registryAddress());
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
    SignedUpdate signed = signUpdate(id, updateHash, numSamples);
    return receipt(call("commit " + updateHash + " in round " + id, () -> chain.commit(signed)));
  }

  /**
   * This node's EIP-712 signature over an update of round {@code id}, as {@link #commit} sends it
   * (deterministic: signing the same update again gives the same bytes).
   *
   * @throws LedgerRejectedException if there is no such round
   */
  public SignedUpdate signUpdate(RoundId id, ContentHash updateHash, long numSamples) {
    RegistryRound r =
        registryRound(id).orElseThrow(() -> new LedgerRejectedException("no round " + id));
    return updates.sign(key, id.value(), hash(updateHash), numSamples, r.baseModelHash());
  }

  /** Reports two different updates {@code first.signer()} signed for one round (slashed). */
  public LedgerReceipt reportUpdateEquivocation(SignedUpdate first, SignedUpdate second) {
    return receipt(
        call(
            "report " + first.signer() + "'s two updates in round " + first.roundId(),
            () -> chain.slashUpdateEquivocation(first, second)));
  }

  @Override
  public LedgerReceipt propose(RoundId id, ContentHash aggregateHash, List<Address> included) {
    List<EthAddress> signers = included.stream().map(ChainCalls::address).toList();
    int index =
        call(
            "propose " + aggregateHash + " in round " + id,
            () -> chain.propose(id.value(), hash(aggregateHash), signers));
    return read("read proposal " + index + " of round " + id, () -> proposalReceipt(id, index));
  }

  /** The transaction that made proposal {@code index}, found by its event in its block. */
  private LedgerReceipt proposalReceipt(RoundId id, int index) {
    RegistryProposal p =
        chain
            .proposal(id.value(), index)
            .orElseThrow(
                () -> new LedgerUnavailableException("proposal " + index + " is not visible yet"));
    return chain.events(p.proposedBlock(), p.proposedBlock()).stream()
        .filter(
            e ->
                e instanceof ChainEvent.AggregateProposed a
                    && a.roundId() == id.value()
                    && a.proposalIndex() == index)
        .findFirst()
        .map(e -> new LedgerReceipt(e.origin().transactionHash().hex(), p.proposedBlock()))
        .orElseThrow(
            () ->
                new LedgerUnavailableException(
                    "no AggregateProposed event for proposal " + index + " in its block"));
  }

  @Override
  public LedgerReceipt attest(RoundId id, ContentHash aggregateHash, List<Address> included) {
    List<EthAddress> signers = included.stream().map(ChainCalls::address).toList();
    SignedAttestation signed = attestations.sign(key, id.value(), hash(aggregateHash), signers);
    return receipt(call("attest " + aggregateHash + " in round " + id, () -> chain.attest(signed)));
  }

  @Override
  public LedgerReceipt settle(RoundId id) {
    return receipt(call("settle round " + id, () -> chain.settle(id.value())));
  }

  @Override
  public LedgerReceipt forfeit(RoundId id, Address participant) {
    return receipt(
        call(
            "forfeit " + participant + " in round " + id,
            () -> chain.forfeit(id.value(), address(participant))));
  }

  /**
   * Registers (or replaces) this node's peer ID and addresses; {@code proof} from {@link
   * PeerProofs#sign} for this account.
   */
  public LedgerReceipt registerPeer(byte[] peerId, List<String> multiaddrs, byte[] proof) {
    return receipt(call("register peer", () -> chain.registerPeer(peerId, multiaddrs, proof)));
  }

  /**
   * What a round is created with, in the contract's terms.
   *
   * <p>Deadlines are the contract's: exclusive, epoch seconds.
   *
   * @param quorumBps 0 for the contract's default (two thirds)
   */
  public record Terms(
      ContentHash baseModelHash,
      ContentHash configHash,
      long joinDeadline,
      long commitDeadline,
      long finalizeDeadline,
      BigInteger minStake,
      int maxParticipants,
      long sampleCap,
      int quorumBps,
      BigInteger rewardPool,
      Address aggregator) {}

  /** Creates a round (funding its reward pool from this account) and returns its id. */
  public RoundId createRound(Terms t) {
    RoundParams params =
        new RoundParams(
            hash(t.baseModelHash()),
            hash(t.configHash()),
            Instant.ofEpochSecond(t.joinDeadline()),
            Instant.ofEpochSecond(t.commitDeadline()),
            Instant.ofEpochSecond(t.finalizeDeadline()),
            t.minStake(),
            t.maxParticipants(),
            t.sampleCap(),
            t.quorumBps(),
            t.rewardPool(),
            address(t.aggregator()));
    return RoundId.of(call("create round", () -> chain.createRound(params)));
  }

  private static LedgerReceipt receipt(TxReceipt r) {
    return new LedgerReceipt(r.transactionHash().hex(), r.blockNumber());
  }
}
