package io.d2ora.p2p.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.p2p.ProtocolViolationException;
import io.d2ora.p2p.identify.IdentifyMessage;
import io.d2ora.p2p.identity.PrivateKey;
import io.d2ora.p2p.identity.PublicKey;
import io.d2ora.p2p.multiformats.Base58;
import io.d2ora.p2p.multiformats.Multiaddr;
import io.d2ora.p2p.multiformats.Multihash;
import io.d2ora.p2p.multiformats.Varint;
import io.d2ora.p2p.multistream.MultistreamCodec;
import io.d2ora.p2p.noise.NoisePayload;
import io.d2ora.p2p.stream.LengthPrefixed;
import io.d2ora.p2p.yamux.YamuxHeader;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Feeds random and mutated bytes to every decoder: each must either decode or throw {@link
 * ProtocolViolationException}, never anything else (no index errors, no OOM from a forged length).
 * Seeded, so failures reproduce.
 */
class DecoderFuzzTest {
  private static final int ROUNDS = 800;
  private final Random random = new Random(20261127);

  private byte[] mutate(byte[] valid) {
    byte[] b = valid.clone();
    switch (random.nextInt(4)) {
      case 0 -> {
        if (b.length > 0) {
          b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 1 -> b = java.util.Arrays.copyOf(b, random.nextInt(b.length + 1));
      case 2 -> {
        byte[] longer = java.util.Arrays.copyOf(b, b.length + 1 + random.nextInt(8));
        for (int i = b.length; i < longer.length; i++) {
          longer[i] = (byte) random.nextInt(256);
        }
        b = longer;
      }
      default -> {
        b = new byte[random.nextInt(64)];
        random.nextBytes(b);
      }
    }
    return b;
  }

  private void fuzz(byte[] valid, Consumer<byte[]> decoder) {
    int violations = 0;
    for (int i = 0; i < ROUNDS; i++) {
      byte[] input = mutate(valid);
      try {
        decoder.accept(input);
      } catch (ProtocolViolationException e) {
        violations++;
      }
    }
    assertThat(violations).as("some mutations must be rejected").isPositive();
  }

  @Test
  void shouldSurviveMutatedVarints() {
    fuzz(Varint.encode(300), b -> Varint.read(ByteBuffer.wrap(b)));
  }

  @Test
  void shouldSurviveMutatedMultihashesAndMultiaddrs() {
    fuzz(Multihash.sha256(new byte[] {1}).toBytes(), Multihash::fromBytes);
    PrivateKey k = PrivateKey.generateEd25519();
    fuzz(k.peerId().appendTo(Multiaddr.parse("/ip6/::1/tcp/1")).toBytes(), Multiaddr::fromBytes);
  }

  @Test
  void shouldSurviveMutatedBase58AndPeerIds() {
    String id = PrivateKey.generateEd25519().peerId().toString();
    fuzz(
        id.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
        b ->
            io.d2ora.p2p.identity.PeerId.parse(
                new String(b, java.nio.charset.StandardCharsets.ISO_8859_1)));
    fuzz(
        new byte[] {'1', 'z'},
        b -> Base58.decode(new String(b, java.nio.charset.StandardCharsets.ISO_8859_1)));
  }

  @Test
  void shouldSurviveMutatedKeyProtobufs() {
    fuzz(PrivateKey.generateEd25519().publicKey().toProtobuf(), PublicKey::fromProtobuf);
    fuzz(
        PrivateKey.generate(io.d2ora.p2p.identity.KeyType.SECP256K1).publicKey().toProtobuf(),
        PublicKey::fromProtobuf);
    fuzz(PrivateKey.generateEd25519().toProtobuf(), PrivateKey::fromProtobuf);
  }

  @Test
  void shouldSurviveMutatedNoisePayloadsAndIdentifyMessages() {
    PrivateKey k = PrivateKey.generateEd25519();
    fuzz(
        new NoisePayload(k.publicKey().toProtobuf(), k.sign(new byte[1]), List.of("/yamux/1.0.0"))
            .encode(),
        NoisePayload::decode);
    IdentifyMessage m =
        new IdentifyMessage(
            k.publicKey().toProtobuf(),
            List.of(Multiaddr.parse("/ip4/1.2.3.4/tcp/5")),
            List.of("/ipfs/id/1.0.0"),
            Optional.empty(),
            "ipfs/0.1.0",
            "x");
    fuzz(m.encode(), IdentifyMessage::decode);
  }

  @Test
  void shouldSurviveMutatedMultistreamLines() {
    fuzz(
        MultistreamCodec.encode("/multistream/1.0.0"),
        b -> MultistreamCodec.decode(ByteBuffer.wrap(b)));
  }

  @Test
  void shouldSurviveMutatedYamuxHeadersAndLengthPrefixes() {
    byte[] header = new YamuxHeader(0, 1, 3, 10).encode();
    fuzz(
        header,
        b -> {
          if (b.length >= YamuxHeader.SIZE) {
            YamuxHeader.decode(b, 0);
          } else {
            throw new ProtocolViolationException("short");
          }
        });
    fuzz(LengthPrefixed.frame(new byte[300]), b -> new LengthPrefixed(256).feed(b));
  }
}
