package io.d2ora.chain.signing;

import io.d2ora.chain.ChainConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import org.web3j.crypto.exception.CipherException;

/**
 * Encrypted key files in the Ethereum keystore (v3, scrypt + AES-128-CTR) format that web3j, geth
 * and ethers read. {@link Strength#STANDARD} is geth's default scrypt cost (n = 262144, ~1 s and
 * 256 MiB to open); {@link Strength#LIGHT} (n = 4096) is for tests and throwaway devnet keys.
 */
public final class Keystores {
  public enum Strength {
    STANDARD,
    LIGHT
  }

  private Keystores() {}

  /**
   * Writes {@code key} encrypted with {@code password} into {@code directory}; returns the new
   * file.
   */
  public static Path write(Path directory, ChainKey key, String password, Strength strength) {
    try {
      Files.createDirectories(directory);
      String name =
          WalletUtils.generateWalletFile(
              password, key.keyPair(), directory.toFile(), strength == Strength.STANDARD);
      return directory.resolve(name);
    } catch (IOException | CipherException e) {
      throw new ChainConfigException(
          "cannot write a keystore into " + directory + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads and decrypts a keystore file. A wrong password or a damaged file is a configuration
   * error.
   */
  public static ChainKey read(Path file, String password) {
    if (!Files.isRegularFile(file)) {
      throw new ChainConfigException("keystore file " + file + " does not exist");
    }
    try {
      Credentials credentials = WalletUtils.loadCredentials(password, file.toFile());
      return ChainKey.of(credentials.getEcKeyPair());
    } catch (CipherException e) {
      throw new ChainConfigException(
          "cannot decrypt " + file + ": wrong password or damaged keystore", e);
    } catch (IOException | RuntimeException e) {
      throw new ChainConfigException("cannot read keystore " + file + ": " + e.getMessage(), e);
    }
  }
}
