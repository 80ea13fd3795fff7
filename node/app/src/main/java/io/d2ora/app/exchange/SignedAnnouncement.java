package io.d2ora.app.exchange;

import io.d2ora.core.round.UpdateAnnouncement;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An announcement carrying its signer's commitment signature: the EIP-712 {@code Update} signature
 * over (round, update hash, sample count, the round's base model hash) that the signer's commit
 * carries to the registry. Anyone can check it against the signer; two of them by one signer for
 * different updates of one round are the evidence the registry slashes for ({@code
 * slashUpdateEquivocation}).
 *
 * @param announcement what is announced
 * @param numSamples the sample count the signer signed with the update hash
 * @param signature r (32) || s (32) || v (1)
 */
public record SignedAnnouncement(
    UpdateAnnouncement announcement, long numSamples, byte[] signature) {
  public static final int SIGNATURE_BYTES = 65;

  public SignedAnnouncement {
    Objects.requireNonNull(announcement, "announcement");
    if (numSamples <= 0) {
      throw new IllegalArgumentException("the sample count must be positive, got " + numSamples);
    }
    if (signature.length != SIGNATURE_BYTES) {
      throw new IllegalArgumentException(
          "expected a " + SIGNATURE_BYTES + "-byte signature, got " + signature.length);
    }
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** Whether both sign the same update (hash and sample count) of the same round and signer. */
  public boolean signsSameUpdate(SignedAnnouncement other) {
    return announcement.round().equals(other.announcement.round())
        && announcement.signer().equals(other.announcement.signer())
        && announcement.updateHash().equals(other.announcement.updateHash())
        && numSamples == other.numSamples;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedAnnouncement s
        && announcement.equals(s.announcement)
        && numSamples == s.numSamples
        && Arrays.equals(signature, s.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(announcement, numSamples) * 31 + Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "SignedAnnouncement[%s, samples=%d, sig=0x%s]"
        .formatted(announcement, numSamples, HexFormat.of().formatHex(signature));
  }
}
