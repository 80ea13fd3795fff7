package io.d2ora.app.ledger;

import io.d2ora.chain.contracts.D2oraRegistry;
import io.d2ora.core.round.Address;
import io.d2ora.core.round.ChainTime;
import io.d2ora.core.round.Commitment;
import io.d2ora.core.round.Dispute;
import io.d2ora.core.round.Finalization;
import io.d2ora.core.round.LedgerReceipt;
import io.d2ora.core.round.Participant;
import io.d2ora.core.round.RoundEventListener;
import io.d2ora.core.round.RoundId;
import io.d2ora.core.round.RoundInfo;
import io.d2ora.core.round.RoundLedger;
import io.d2ora.core.round.RoundPhase;
import io.d2ora.core.round.Subscription;
import io.d2ora.core.store.ContentHash;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@link RoundLedger} over the D2ORA registry contract. The contract's deadlines are exclusive
 * ({@code block.timestamp < deadline}); the core's are inclusive, so each is reported one second
 * earlier. Commitments are signed here as EIP-712 typed data (the digest comes from the contract's
 * {@code updateDigest} view, which is the digest its {@code commit} checks) and sent by this node.
 */
public final class ChainRoundLedger implements RoundLedger, AutoCloseable {
  static final ContentHash ZERO = new ContentHash("0x" + "0".repeat(64));

  private final RegistryContract chain;
  private final Duration pollInterval;

  ChainRoundLedger(RegistryContract chain, Duration pollInterval) {
    this.chain = chain;
    this.pollInterval = pollInterval;
  }

  /** Connects (checking chain id and registry code) and signs as {@code access}'s key. */
  public static ChainRoundLedger connect(ChainAccess access, Duration pollInterval) {
    return new ChainRoundLedger(RegistryContract.connect(access), pollInterval);
  }

  /** The peer directory and round creation over the same connection. */
  public ChainDirectory directory() {
    return new ChainDirectory(chain);
  }

  @Override
  public Address self() {
    return chain.self;
  }

  @Override
  public Optional<RoundInfo> round(RoundId id) {
    D2oraRegistry.Round r = RegistryContract.read(() -> chain.registry.getRound(big(id)).send());
    if (r.status.signum() == 0) {
      return Optional.empty();
    }
    int phase = RegistryContract.read(() -> chain.registry.phaseOf(big(id)).send()).intValueExact();
    return Optional.of(
        new RoundInfo(
            id,
            hash(r.baseModelHash),
            hash(r.configHash),
            r.joinDeadline.longValueExact() - 1,
            r.commitDeadline.longValueExact() - 1,
            r.finalizeDeadline.longValueExact() - 1,
            r.minStake,
            r.maxParticipants.intValueExact(),
            Address.parse(r.aggregator),
            phase(phase, hash(r.aggregateHash))));
  }

  /** Contract {@code Phase}: None, Joining, Committing, Finalizing, Finalized, Expired, Settled. */
  private static RoundPhase phase(int phase, ContentHash aggregate) {
    return switch (phase) {
      case 1 -> RoundPhase.JOINING;
      case 2 -> RoundPhase.COMMITTING;
      case 3 -> RoundPhase.AGGREGATING;
      case 4 -> RoundPhase.FINALIZED;
      case 6 -> aggregate.equals(ZERO) ? RoundPhase.EXPIRED : RoundPhase.FINALIZED;
      default -> RoundPhase.EXPIRED;
    };
  }

  @Override
  public List<Participant> participants(RoundId id) {
    List<Participant> out = new ArrayList<>();
    for (Address a : addresses(id)) {
      D2oraRegistry.StakeInfo s =
          RegistryContract.read(() -> chain.registry.getStake(a.hex()).send());
      out.add(new Participant(a, s.staked));
    }
    return out;
  }

  private List<Address> addresses(RoundId id) {
    List<?> raw = RegistryContract.read(() -> chain.registry.getParticipants(big(id)).send());
    return raw.stream().map(o -> Address.parse(o.toString())).sorted().toList();
  }

  @Override
  public List<Commitment> commitments(RoundId id) {
    List<Commitment> out = new ArrayList<>();
    for (Address a : addresses(id)) {
      commitment(id, a).ifPresent(out::add);
    }
    return out;
  }

  /** Participant status: None, Joined, Committed, Forfeited. */
  @Override
  public Optional<Commitment> commitment(RoundId id, Address signer) {
    D2oraRegistry.Participant p =
        RegistryContract.read(() -> chain.registry.getParticipant(big(id), signer.hex()).send());
    if (p.status.intValueExact() != 2) {
      return Optional.empty();
    }
    byte[] h =
        RegistryContract.read(() -> chain.registry.getUpdateHash(big(id), signer.hex()).send());
    long block = p.commitBlock.longValueExact();
    // The contract accepted it, so it landed before the commit deadline.
    return Optional.of(
        new Commitment(
            signer,
            hash(h),
            p.numSamples.longValueExact(),
            block,
            chain.blockTimestamp(block),
            true));
  }

  @Override
  public Optional<Finalization> finalization(RoundId id) {
    D2oraRegistry.Round r = RegistryContract.read(() -> chain.registry.getRound(big(id)).send());
    if (r.finalizedBlock.signum() == 0) {
      return Optional.empty();
    }
    List<Address> included = new ArrayList<>();
    for (Address a : addresses(id)) {
      D2oraRegistry.Participant p =
          RegistryContract.read(() -> chain.registry.getParticipant(big(id), a.hex()).send());
      if (p.included) {
        included.add(a);
      }
    }
    long block = r.finalizedBlock.longValueExact();
    return Optional.of(
        new Finalization(
            hash(r.aggregateHash),
            included,
            Address.parse(r.aggregator),
            block,
            chain.blockTimestamp(block)));
  }

  @Override
  public List<Dispute> disputes(RoundId id) {
    List<?> raw = RegistryContract.read(() -> chain.registry.getDisputes(big(id)).send());
    return raw.stream()
        .map(o -> (D2oraRegistry.Dispute) o)
        .map(
            d ->
                new Dispute(
                    Address.parse(d.participant),
                    hash(d.claimedHash),
                    d.blockNumber.longValueExact()))
        .toList();
  }

  @Override
  public ChainTime now() {
    return chain.latest();
  }

  @Override
  public LedgerReceipt join(RoundId id) {
    return RegistryContract.write("join " + id, () -> chain.registry.join(big(id)).send());
  }

  @Override
  public LedgerReceipt commit(RoundId id, ContentHash updateHash, long numSamples) {
    D2oraRegistry.Round r = RegistryContract.read(() -> chain.registry.getRound(big(id)).send());
    BigInteger samples = BigInteger.valueOf(numSamples);
    byte[] digest =
        RegistryContract.read(
            () ->
                chain
                    .registry
                    .updateDigest(big(id), updateHash.bytes(), samples, r.baseModelHash)
                    .send());
    byte[] signature = chain.sign(digest);
    return RegistryContract.write(
        "commit " + updateHash + " in round " + id,
        () ->
            chain
                .registry
                .commit(big(id), updateHash.bytes(), samples, self().hex(), signature)
                .send());
  }

  @Override
  public LedgerReceipt finalizeRound(
      RoundId id, ContentHash aggregateHash, List<Address> included) {
    List<String> ascending = RegistryContract.hexList(included.stream().sorted().toList());
    return RegistryContract.write(
        "finalize round " + id,
        () -> chain.registry.finalize(big(id), aggregateHash.bytes(), ascending).send());
  }

  @Override
  public LedgerReceipt dispute(RoundId id, ContentHash claimedHash) {
    return RegistryContract.write(
        "dispute round " + id, () -> chain.registry.dispute(big(id), claimedHash.bytes()).send());
  }

  @Override
  public Subscription subscribe(RoundEventListener listener) {
    return LogPoller.start(chain, pollInterval, listener);
  }

  @Override
  public void close() {
    chain.close();
  }

  static BigInteger big(RoundId id) {
    return BigInteger.valueOf(id.value());
  }

  static ContentHash hash(byte[] b32) {
    if (b32.length != ContentHash.LENGTH) {
      throw new IllegalStateException(
          "expected a bytes32 from the registry, got " + Arrays.toString(b32));
    }
    return ContentHash.of(b32);
  }
}
