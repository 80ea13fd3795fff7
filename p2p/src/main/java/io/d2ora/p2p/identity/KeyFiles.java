package io.d2ora.p2p.identity;

import io.d2ora.p2p.ProtocolViolationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Identity key files: the libp2p {@code PrivateKey} protobuf as raw bytes (the format go-libp2p and
 * js-libp2p marshal), readable only by the owner where the file system allows.
 */
public final class KeyFiles {
  private KeyFiles() {}

  /**
   * @throws IllegalArgumentException if the file is not a supported libp2p private key
   * @throws UncheckedIOException if it cannot be read
   */
  public static PrivateKey load(Path file) {
    try {
      long size = Files.size(file);
      if (size > KeyProtobufCodec.MAX_BYTES) {
        throw new IllegalArgumentException(
            "key file "
                + file
                + " has "
                + size
                + " bytes; a libp2p key has at most "
                + KeyProtobufCodec.MAX_BYTES);
      }
      return PrivateKey.fromProtobuf(Files.readAllBytes(file));
    } catch (ProtocolViolationException e) {
      throw new IllegalArgumentException(
          "key file " + file + " is not a libp2p private key: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read key file " + file, e);
    }
  }

  /** Writes {@code key}; refuses to overwrite an existing file. */
  public static void save(Path file, PrivateKey key) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      if (Files.exists(file)) {
        throw new FileAlreadyExistsException(file.toString());
      }
      Path tmp = Files.createTempFile(parent, ".key", ".tmp");
      try {
        setOwnerOnly(tmp);
        Files.write(tmp, key.toProtobuf());
        Files.move(tmp, file);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write key file " + file, e);
    }
  }

  /** Loads {@code file}, or generates a key of {@code type} and saves it there. */
  public static PrivateKey loadOrCreate(Path file, KeyType type) {
    if (Files.exists(file)) {
      return load(file);
    }
    PrivateKey key = PrivateKey.generate(type);
    save(file, key);
    return key;
  }

  private static void setOwnerOnly(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: keep its default permissions
    }
  }
}
