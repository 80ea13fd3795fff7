package io.d2ora.chain.signing;

import io.d2ora.chain.EthAddress;
import io.d2ora.chain.Hash32;
import io.d2ora.chain.SignedUpdate;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SignatureException;
import java.util.Arrays;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * Signs and checks updates as the registry does (EIP-712, https://eips.ethereum.org/EIPS/eip-712):
 *
 * <pre>
 * digest     = keccak256(0x19 0x01 || domainSeparator || structHash)
 * domain     = EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)
 *              with ("D2ORA", "1", chain id, registry address)
 * structHash = keccak256(abi.encode(UPDATE_TYPEHASH, roundId, updateHash, numSamples, baseModelHash))
 * UPDATE_TYPEHASH = keccak256("Update(uint256 roundId,bytes32 updateHash,uint64 numSamples,bytes32 baseModelHash)")
 * signature  = r (32) || s (32) || v (1, 27 or 28)
 * </pre>
 */
public final class UpdateSigner {
  static final byte[] DOMAIN_TYPEHASH =
      keccak("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
  static final byte[] UPDATE_TYPEHASH =
      keccak("Update(uint256 roundId,bytes32 updateHash,uint64 numSamples,bytes32 baseModelHash)");

  private final byte[] domainSeparator;

  public UpdateSigner(long chainId, EthAddress registry) {
    this.domainSeparator =
        Hash.sha3(
            concat(
                DOMAIN_TYPEHASH,
                keccak("D2ORA"),
                keccak("1"),
                word(BigInteger.valueOf(chainId)),
                word(Numeric.toBigInt(registry.hex()))));
  }

  public Hash32 domainSeparator() {
    return Hash32.of(domainSeparator);
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
    return Hash32.of(Hash.sha3(concat(new byte[] {0x19, 0x01}, domainSeparator, structHash)));
  }

  public SignedUpdate sign(
      ChainKey key, long roundId, Hash32 updateHash, long numSamples, Hash32 baseModelHash) {
    byte[] digest = digest(roundId, updateHash, numSamples, baseModelHash).bytes();
    Sign.SignatureData sig = Sign.signMessage(digest, key.keyPair(), false);
    byte[] signature = concat(sig.getR(), sig.getS(), sig.getV());
    return new SignedUpdate(
        roundId, updateHash, numSamples, baseModelHash, key.address(), signature);
  }

  /**
   * The address that produced {@code update}'s signature (compare with {@code update.signer()}).
   */
  public EthAddress recover(SignedUpdate update) {
    byte[] sig = update.signature();
    byte[] digest =
        digest(update.roundId(), update.updateHash(), update.numSamples(), update.baseModelHash())
            .bytes();
    byte v = sig[64] < 27 ? (byte) (sig[64] + 27) : sig[64];
    try {
      BigInteger publicKey =
          Sign.signedMessageHashToKey(
              digest,
              new Sign.SignatureData(
                  v, Arrays.copyOfRange(sig, 0, 32), Arrays.copyOfRange(sig, 32, 64)));
      return EthAddress.of(Keys.getAddress(publicKey));
    } catch (SignatureException | IllegalArgumentException e) {
      return EthAddress.ZERO;
    }
  }

  public boolean verify(SignedUpdate update) {
    return recover(update).equals(update.signer());
  }

  private static byte[] keccak(String text) {
    return Hash.sha3(text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] word(BigInteger value) {
    return Numeric.toBytesPadded(value, 32);
  }

  private static byte[] concat(byte[]... parts) {
    ByteBuffer buffer = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
    for (byte[] part : parts) {
      buffer.put(part);
    }
    return buffer.array();
  }
}
