package io.d2ora.chain.signing;

import io.d2ora.chain.EthAddress;
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
 * The registry's EIP-712 domain ("D2ORA", "1", chain id, registry) and the signing and recovery
 * both signed types share (https://eips.ethereum.org/EIPS/eip-712):
 *
 * <pre>
 * digest    = keccak256(0x19 0x01 || domainSeparator || structHash)
 * domain    = EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)
 * signature = r (32) || s (32) || v (1, 27 or 28)
 * </pre>
 */
final class Eip712 {
  private static final byte[] DOMAIN_TYPEHASH =
      keccak("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");

  private final byte[] domainSeparator;

  Eip712(long chainId, EthAddress registry) {
    if (chainId < 0) {
      throw new IllegalArgumentException("expected a chain id >= 0, got " + chainId);
    }
    this.domainSeparator =
        Hash.sha3(
            concat(
                DOMAIN_TYPEHASH,
                keccak("D2ORA"),
                keccak("1"),
                word(BigInteger.valueOf(chainId)),
                word(Numeric.toBigInt(registry.hex()))));
  }

  byte[] domainSeparator() {
    return domainSeparator.clone();
  }

  byte[] digest(byte[] structHash) {
    return Hash.sha3(concat(new byte[] {0x19, 0x01}, domainSeparator, structHash));
  }

  static byte[] sign(ChainKey key, byte[] digest) {
    Sign.SignatureData sig = Sign.signMessage(digest, key.keyPair(), false);
    return concat(sig.getR(), sig.getS(), sig.getV());
  }

  /** The signer of {@code digest}, or {@link EthAddress#ZERO} for an unusable signature. */
  static EthAddress recover(byte[] digest, byte[] signature) {
    if (signature.length != 65) {
      return EthAddress.ZERO;
    }
    byte v = signature[64] < 27 ? (byte) (signature[64] + 27) : signature[64];
    try {
      BigInteger publicKey =
          Sign.signedMessageHashToKey(
              digest,
              new Sign.SignatureData(
                  v, Arrays.copyOfRange(signature, 0, 32), Arrays.copyOfRange(signature, 32, 64)));
      return EthAddress.of(Keys.getAddress(publicKey));
    } catch (SignatureException | IllegalArgumentException e) {
      return EthAddress.ZERO;
    }
  }

  static byte[] keccak(String text) {
    return Hash.sha3(text.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] word(BigInteger value) {
    return Numeric.toBytesPadded(value, 32);
  }

  static byte[] concat(byte[]... parts) {
    ByteBuffer buffer = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
    for (byte[] part : parts) {
      buffer.put(part);
    }
    return buffer.array();
  }
}
