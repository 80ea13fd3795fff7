package io.d2ora.p2p.identity;

/** Key algorithms, numbered as in the libp2p {@code KeyType} protobuf enum. */
public enum KeyType {
  ED25519(1),
  SECP256K1(2);

  private final int protobufNumber;

  KeyType(int protobufNumber) {
    this.protobufNumber = protobufNumber;
  }

  public int protobufNumber() {
    return protobufNumber;
  }

  /** The type for a protobuf enum number, or {@code null} when unsupported (RSA = 0, ECDSA = 3). */
  static KeyType fromProtobufNumber(long number) {
    for (KeyType t : values()) {
      if (t.protobufNumber == number) {
        return t;
      }
    }
    return null;
  }
}
