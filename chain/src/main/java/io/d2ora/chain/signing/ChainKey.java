package io.d2ora.chain.signing;

import io.d2ora.chain.EthAddress;
import java.math.BigInteger;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/** An account's secp256k1 private key. {@link #toString()} never shows the secret. */
public final class ChainKey {
  private final ECKeyPair keyPair;
  private final EthAddress address;

  private ChainKey(ECKeyPair keyPair) {
    this.keyPair = keyPair;
    this.address = EthAddress.of(Keys.getAddress(keyPair));
  }

  public static ChainKey generate() {
    try {
      return new ChainKey(Keys.createEcKeyPair());
    } catch (InvalidAlgorithmParameterException
        | NoSuchAlgorithmException
        | NoSuchProviderException e) {
      throw new IllegalStateException("the JVM cannot generate secp256k1 keys", e);
    }
  }

  /** From a private key as 64 hex digits, with or without {@code 0x}. */
  public static ChainKey fromPrivateKeyHex(String hex) {
    String digits = Numeric.cleanHexPrefix(hex.strip());
    if (!digits.matches("[0-9a-fA-F]{64}")) {
      throw new IllegalArgumentException("expected a private key of 32 bytes as 64 hex digits");
    }
    return new ChainKey(ECKeyPair.create(Numeric.toBigInt(digits)));
  }

  static ChainKey of(ECKeyPair keyPair) {
    return new ChainKey(keyPair);
  }

  public EthAddress address() {
    return address;
  }

  /** The secret, for the chain client's signer. */
  public BigInteger privateKey() {
    return keyPair.getPrivateKey();
  }

  ECKeyPair keyPair() {
    return keyPair;
  }

  @Override
  public String toString() {
    return "ChainKey[" + address + "]";
  }
}
