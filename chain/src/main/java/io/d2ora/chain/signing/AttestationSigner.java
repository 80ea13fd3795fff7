package io.d2ora.chain.signing;

import static io.d2ora.chain.signing.Eip712.concat;
import static io.d2ora.chain.signing.Eip712.keccak;
import static io.d2ora.chain.signing.Eip712.word;

import io.d2ora.chain.EthAddress;
import io.d2ora.chain.Hash32;
import io.d2ora.chain.IncludedSet;
import io.d2ora.chain.SignedAttestation;
import java.math.BigInteger;
import java.util.List;
import org.web3j.crypto.Hash;

/**
 * Signs and checks attestations as the registry does (EIP-712, domain in {@link Eip712}): a
 * participant's statement that it recomputed {@code aggregateHash} from the included set.
 *
 * <pre>
 * structHash = keccak256(abi.encode(ATTESTATION_TYPEHASH, roundId, aggregateHash, includedSetHash))
 * ATTESTATION_TYPEHASH = keccak256("Attestation(uint256 roundId,bytes32 aggregateHash,bytes32 includedSetHash)")
 * includedSetHash = IncludedSet.hash(included)
 * </pre>
 */
public final class AttestationSigner {
  static final byte[] ATTESTATION_TYPEHASH =
      keccak("Attestation(uint256 roundId,bytes32 aggregateHash,bytes32 includedSetHash)");

  private final Eip712 domain;

  public AttestationSigner(long chainId, EthAddress registry) {
    this.domain = new Eip712(chainId, registry);
  }

  /** The digest the attester signs and the contract recovers from. */
  public Hash32 digest(long roundId, Hash32 aggregateHash, Hash32 includedSetHash) {
    if (roundId < 0) {
      throw new IllegalArgumentException("expected a round id >= 0, got " + roundId);
    }
    byte[] structHash =
        Hash.sha3(
            concat(
                ATTESTATION_TYPEHASH,
                word(BigInteger.valueOf(roundId)),
                aggregateHash.bytes(),
                includedSetHash.bytes()));
    return Hash32.of(domain.digest(structHash));
  }

  /** Attests that {@code aggregateHash} is the aggregate of {@code included} (any order). */
  public SignedAttestation sign(
      ChainKey key, long roundId, Hash32 aggregateHash, List<EthAddress> included) {
    return sign(key, roundId, aggregateHash, IncludedSet.hash(included));
  }

  public SignedAttestation sign(
      ChainKey key, long roundId, Hash32 aggregateHash, Hash32 includedSetHash) {
    byte[] digest = digest(roundId, aggregateHash, includedSetHash).bytes();
    return new SignedAttestation(
        roundId, aggregateHash, includedSetHash, key.address(), Eip712.sign(key, digest));
  }

  /** The address that produced the signature (compare with {@code attester()}). */
  public EthAddress recover(SignedAttestation a) {
    byte[] digest = digest(a.roundId(), a.aggregateHash(), a.includedSetHash()).bytes();
    return Eip712.recover(digest, a.signature());
  }

  public boolean verify(SignedAttestation a) {
    return recover(a).equals(a.attester());
  }
}
