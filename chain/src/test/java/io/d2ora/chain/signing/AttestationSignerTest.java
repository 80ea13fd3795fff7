package io.d2ora.chain.signing;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.chain.EthAddress;
import io.d2ora.chain.Hash32;
import io.d2ora.chain.IncludedSet;
import io.d2ora.chain.SignedAttestation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.StructuredDataEncoder;

class AttestationSignerTest {
  private static final EthAddress REGISTRY =
      EthAddress.of("0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512");
  private static final ChainKey KEY =
      ChainKey.fromPrivateKeyHex(
          "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
  private static final Hash32 AGGREGATE =
      Hash32.keccak256("aggregate".getBytes(StandardCharsets.UTF_8));
  private static final List<EthAddress> INCLUDED =
      List.of(
          EthAddress.of("0x90f79bf6eb2c4f870365e785982e1f101e93b906"),
          EthAddress.of("0x15d34aaf54267db7d7c367839aaf71a00a2c6a65"));
  private final AttestationSigner signer = new AttestationSigner(31337, REGISTRY);

  @Test
  void shouldProduceTheSameDigestAsWeb3jsEip712Encoder() throws Exception {
    String typedData =
        """
        {"types": {
           "EIP712Domain": [{"name":"name","type":"string"},{"name":"version","type":"string"},
                            {"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}],
           "Attestation": [{"name":"roundId","type":"uint256"},{"name":"aggregateHash","type":"bytes32"},
                           {"name":"includedSetHash","type":"bytes32"}]},
         "primaryType": "Attestation",
         "domain": {"name":"D2ORA","version":"1","chainId":31337,"verifyingContract":"%s"},
         "message": {"roundId": 5, "aggregateHash": "%s", "includedSetHash": "%s"}}
        """
            .formatted(REGISTRY, AGGREGATE, IncludedSet.hash(INCLUDED));
    byte[] expected = new StructuredDataEncoder(typedData).hashStructuredData();
    assertThat(signer.digest(5, AGGREGATE, IncludedSet.hash(INCLUDED)))
        .isEqualTo(Hash32.of(expected));
  }

  @Test
  void shouldRecoverTheAttesterAndNobodyForAnotherSetOrRound() {
    SignedAttestation a = signer.sign(KEY, 5, AGGREGATE, INCLUDED);
    assertThat(signer.verify(a)).isTrue();
    assertThat(a.includedSetHash()).isEqualTo(IncludedSet.hash(INCLUDED.reversed()));
    var otherSet =
        new SignedAttestation(
            5, AGGREGATE, IncludedSet.hash(INCLUDED.subList(0, 1)), KEY.address(), a.signature());
    assertThat(signer.verify(otherSet)).isFalse();
    var otherRound =
        new SignedAttestation(6, AGGREGATE, a.includedSetHash(), KEY.address(), a.signature());
    assertThat(signer.verify(otherRound)).isFalse();
    assertThat(new AttestationSigner(1, REGISTRY).verify(a)).as("another chain").isFalse();
  }
}
