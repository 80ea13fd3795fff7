package io.d2ora.p2p.noise;

import io.d2ora.p2p.ProtocolViolationException;
import io.d2ora.p2p.identity.PeerId;
import io.d2ora.p2p.identity.PrivateKey;
import io.d2ora.p2p.identity.PublicKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * The XX handshake (Noise spec section 7.5) with libp2p payloads:
 *
 * <pre>
 * -> e                      message 1: e (32), empty payload
 * <- e, ee, s, es           message 2: e (32) | enc(s) (48) | enc(payload)
 * -> s, se                  message 3: enc(s) (48) | enc(payload)
 * </pre>
 *
 * The prologue is empty. Drive it with {@link #start()} (initiator only) and {@link #onMessage}
 * until {@link #isComplete()}. Not thread-safe.
 */
public final class NoiseHandshake {
  /** Largest handshake message: the 2-byte length prefix's limit. */
  public static final int MAX_MESSAGE_BYTES = 65535;

  private static final byte[] SIGNATURE_PREFIX =
      "noise-libp2p-static-key:".getBytes(StandardCharsets.US_ASCII);
  private static final int KEY = X25519.POINT_SIZE;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final boolean initiator;
  private final PrivateKey identity;
  private final PeerId expectedRemote;
  private final List<String> muxers;
  private final SymmetricState state = new SymmetricState();
  private final byte[] staticPrivate = new byte[X25519.SCALAR_SIZE];
  private final byte[] staticPublic = new byte[KEY];
  private final byte[] ephemeralPrivate = new byte[X25519.SCALAR_SIZE];
  private final byte[] ephemeralPublic = new byte[KEY];
  private byte[] remoteEphemeral;
  private byte[] remoteStatic;
  private NoisePayload remotePayload;
  private int step;
  private NoiseSession session;

  private NoiseHandshake(
      boolean initiator, PrivateKey identity, PeerId expectedRemote, List<String> muxers) {
    this.initiator = initiator;
    this.identity = identity;
    this.expectedRemote = expectedRemote;
    this.muxers = List.copyOf(muxers);
    X25519.generatePrivateKey(RANDOM, staticPrivate);
    X25519.generatePublicKey(staticPrivate, 0, staticPublic, 0);
    X25519.generatePrivateKey(RANDOM, ephemeralPrivate);
    X25519.generatePublicKey(ephemeralPrivate, 0, ephemeralPublic, 0);
    state.mixHash(new byte[0]); // the empty prologue
  }

  /**
   * @param expectedRemote the dialled peer ID, or {@code null} to accept any identity
   * @param muxers stream muxers to offer in the payload extensions
   */
  public static NoiseHandshake initiator(
      PrivateKey identity, PeerId expectedRemote, List<String> muxers) {
    return new NoiseHandshake(true, identity, expectedRemote, muxers);
  }

  public static NoiseHandshake responder(PrivateKey identity, List<String> muxers) {
    return new NoiseHandshake(false, identity, null, muxers);
  }

  /** The initiator's first message. */
  public byte[] start() {
    if (!initiator || step != 0) {
      throw new IllegalStateException("start() is the initiator's first step only");
    }
    step = 1;
    state.mixHash(ephemeralPublic);
    state.mixHash(new byte[0]); // EncryptAndHash of the empty payload without a key
    return ephemeralPublic.clone();
  }

  /**
   * Consumes a handshake message from the remote.
   *
   * @return the reply to send, if any
   * @throws ProtocolViolationException on malformed messages, failed authentication, a bad identity
   *     signature or an identity other than the expected one
   */
  public Optional<byte[]> onMessage(byte[] message) {
    if (message.length > MAX_MESSAGE_BYTES) {
      throw new ProtocolViolationException("noise handshake message too large: " + message.length);
    }
    if (initiator && step == 1) {
      readMessage2(message);
      step = 3;
      byte[] reply = writeMessage3();
      finish();
      return Optional.of(reply);
    }
    if (!initiator && step == 0) {
      readMessage1(message);
      step = 2;
      return Optional.of(writeMessage2());
    }
    if (!initiator && step == 2) {
      readMessage3(message);
      step = 3;
      finish();
      return Optional.empty();
    }
    throw new ProtocolViolationException("unexpected noise handshake message at step " + step);
  }

  public boolean isComplete() {
    return session != null;
  }

  public NoiseSession session() {
    if (session == null) {
      throw new IllegalStateException("handshake not complete");
    }
    return session;
  }

  private void readMessage1(byte[] m) {
    if (m.length < KEY) {
      throw new ProtocolViolationException("noise message 1 of " + m.length + " bytes, need 32");
    }
    remoteEphemeral = Arrays.copyOf(m, KEY);
    state.mixHash(remoteEphemeral);
    state.decryptAndHash(Arrays.copyOfRange(m, KEY, m.length)); // libp2p sends no payload here
  }

  private byte[] writeMessage2() {
    state.mixHash(ephemeralPublic);
    state.mixKey(dh(ephemeralPrivate, remoteEphemeral)); // ee
    byte[] s = state.encryptAndHash(staticPublic);
    state.mixKey(dh(staticPrivate, remoteEphemeral)); // es
    byte[] payload = state.encryptAndHash(ownPayload().encode());
    return concat(ephemeralPublic, s, payload);
  }

  private void readMessage2(byte[] m) {
    int min = KEY + KEY + CipherState.TAG_BYTES + CipherState.TAG_BYTES;
    if (m.length < min) {
      throw new ProtocolViolationException(
          "noise message 2 of " + m.length + " bytes, need >= " + min);
    }
    remoteEphemeral = Arrays.copyOf(m, KEY);
    state.mixHash(remoteEphemeral);
    state.mixKey(dh(ephemeralPrivate, remoteEphemeral)); // ee
    remoteStatic =
        state.decryptAndHash(Arrays.copyOfRange(m, KEY, 2 * KEY + CipherState.TAG_BYTES));
    state.mixKey(dh(ephemeralPrivate, remoteStatic)); // es
    byte[] payload =
        state.decryptAndHash(Arrays.copyOfRange(m, 2 * KEY + CipherState.TAG_BYTES, m.length));
    remotePayload = NoisePayload.decode(payload);
  }

  private byte[] writeMessage3() {
    byte[] s = state.encryptAndHash(staticPublic);
    state.mixKey(dh(staticPrivate, remoteEphemeral)); // se
    byte[] payload = state.encryptAndHash(ownPayload().encode());
    return concat(s, payload);
  }

  private void readMessage3(byte[] m) {
    int min = KEY + CipherState.TAG_BYTES + CipherState.TAG_BYTES;
    if (m.length < min) {
      throw new ProtocolViolationException(
          "noise message 3 of " + m.length + " bytes, need >= " + min);
    }
    remoteStatic = state.decryptAndHash(Arrays.copyOf(m, KEY + CipherState.TAG_BYTES));
    state.mixKey(dh(ephemeralPrivate, remoteStatic)); // se
    byte[] payload =
        state.decryptAndHash(Arrays.copyOfRange(m, KEY + CipherState.TAG_BYTES, m.length));
    remotePayload = NoisePayload.decode(payload);
  }

  private void finish() {
    PublicKey remoteKey = PublicKey.fromProtobuf(remotePayload.identityKey());
    if (!remoteKey.verify(
        concat(SIGNATURE_PREFIX, remoteStatic), remotePayload.identitySignature())) {
      throw new ProtocolViolationException(
          "noise identity signature over the static key is invalid");
    }
    PeerId remote = remoteKey.peerId();
    if (expectedRemote != null && !expectedRemote.equals(remote)) {
      throw new ProtocolViolationException(
          "remote peer is " + remote + " but " + expectedRemote + " was dialled");
    }
    CipherState[] split = state.split();
    session =
        initiator
            ? new NoiseSession(split[0], split[1], remoteKey, remotePayload.streamMuxers())
            : new NoiseSession(split[1], split[0], remoteKey, remotePayload.streamMuxers());
  }

  private NoisePayload ownPayload() {
    byte[] sig = identity.sign(concat(SIGNATURE_PREFIX, staticPublic));
    return new NoisePayload(identity.publicKey().toProtobuf(), sig, muxers);
  }

  private static byte[] dh(byte[] privateKey, byte[] publicKey) {
    byte[] out = new byte[X25519.POINT_SIZE];
    if (!X25519.calculateAgreement(privateKey, 0, publicKey, 0, out, 0)) {
      throw new ProtocolViolationException("noise remote key is a low-order point");
    }
    return out;
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int off = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, off, p.length);
      off += p.length;
    }
    return out;
  }
}
