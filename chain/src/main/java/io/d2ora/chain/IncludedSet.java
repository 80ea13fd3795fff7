package io.d2ora.chain;

import java.util.List;

/**
 * A proposal's included set as the registry identifies it: the addresses in strictly ascending
 * order (the aggregation order), hashed as {@code keccak256(abi.encodePacked(address[]))}, each
 * address left-padded to 32 bytes (equal to EIP-712's encoding of an {@code address[]}).
 */
public final class IncludedSet {
  private IncludedSet() {}

  /** {@code included} sorted ascending, duplicates rejected. */
  public static List<EthAddress> ascending(List<EthAddress> included) {
    List<EthAddress> sorted = included.stream().sorted().toList();
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).equals(sorted.get(i - 1))) {
        throw new IllegalArgumentException(
            "expected distinct addresses, got " + sorted.get(i) + " twice");
      }
    }
    return sorted;
  }

  /** The included-set hash of {@code included} (sorted here). */
  public static Hash32 hash(List<EthAddress> included) {
    List<EthAddress> sorted = ascending(included);
    byte[] packed = new byte[32 * sorted.size()];
    for (int i = 0; i < sorted.size(); i++) {
      byte[] address = sorted.get(i).bytes();
      System.arraycopy(address, 0, packed, 32 * i + 12, 20);
    }
    return Hash32.keccak256(packed);
  }
}
