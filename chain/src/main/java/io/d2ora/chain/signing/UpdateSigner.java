package io.d2ora.chain.signing;

import static io.d2ora.chain.signing.Eip712.concat;
import static io.d2ora.chain.signing.Eip712.keccak;
import static io.d2ora.chain.signing.Eip712.word;

import io.d2ora.chain.EthAddress;
import io.d2ora.chain.Hash32;
import io.d2ora.chain.SignedUpdate;
import java.math.BigInteger;
import org.web3j.crypto.Hash;

/**
 * Signs and checks updates as the registry does (EIP-712, domain in {@link Eip712}):
 *
 * <pre>
 * structHash = keccak256(abi.encode(UPDATE_TYPEHASH, roundId, updateHash, numSamples, baseModelHash))
 * UPDATE_TYPEHASH = keccak256("Update(uint256 roundId,bytes32 updateHash,uint64 numSamples,bytes32 baseModelHash)")
 * </pre>
 */
public final class UpdateSigner {
  static final byte[] UPDATE_TYPEHASH =
      keccak("Update(uint256 roundId,bytes32 updateHash,uint64 numSamples,bytes32 baseModelHash)");

  private final Eip712 domain;

  public UpdateSigner(long chainId, EthAddress registry) {
    this.domain = new Eip712(chainId, registry);
  }

  public Hash32 domainSeparator() {
    return Hash32.of(domain.domainSeparator());
  }

  /** The digest the signer signs and the contract recovers from. */
  public Hash32 digest(long roundId, Hash32 updateHash, long numSamples, Hash32 baseModelHash) {
    if (roundId < 0 || numSamples < 0) {
      throw new IllegalArgumentException(
          "expected non-negative roundId and numSamples, got %d and %d"
              .formatted(roundId, numSamples));
    }
    byte[] structHash =
        Hash.sha3(
            concat(
                UPDATE_TYPEHASH,
                word(BigInteger.valueOf(roundId)),
                updateHash.bytes(),
                word(BigInteger.valueOf(numSamples)),
                baseModelHash.bytes()));
    return Hash32.of(domain.digest(structHash));
  }

  public SignedUpdate sign(
      ChainKey key, long roundId, Hash32 updateHash, long numSamples, Hash32 baseModelHash) {
    byte[] digest = digest(roundId, updateHash, numSamples, baseModelHash).bytes();
    return new SignedUpdate(
        roundId, updateHash, numSamples, baseModelHash, key.address(), Eip712.sign(key, digest));
  }

  /**
   * The address that produced {@code update}'s signature (compare with {@code update.signer()}).
   */
  public EthAddress recover(SignedUpdate update) {
    byte[] digest =
        digest(update.roundId(), update.updateHash(), update.numSamples(), update.baseModelHash())
            .bytes();
    return Eip712.recover(digest, update.signature());
  }

  public boolean verify(SignedUpdate update) {
    return recover(update).equals(update.signer());
  }
}
