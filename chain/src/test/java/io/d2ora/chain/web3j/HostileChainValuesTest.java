package io.d2ora.chain.web3j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.d2ora.chain.ChainDataException;
import io.d2ora.chain.ChainEvent;
import io.d2ora.chain.EthAddress;
import io.d2ora.chain.Hash32;
import io.d2ora.chain.RegistryParticipant;
import io.d2ora.chain.contracts.D2oraRegistry;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/**
 * Return data and logs a hostile or broken node could send, ABI-encoded by hand and decoded the way
 * the client decodes a real answer: a {@code uint64} sample count of 2^64-1 is carried (and
 * reported as not fitting a {@code long}), any other out-of-range value fails the read with a named
 * {@link ChainDataException}, and a bad log is dropped; nothing throws {@link ArithmeticException}.
 */
class HostileChainValuesTest {
  private static final BigInteger UINT64_MAX =
      BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  private static final BigInteger UINT256_MAX =
      BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
  private static final EthAddress ALICE = EthAddress.of("0x" + "a1".repeat(20));

  /** The 13 words of a Participant tuple, in the ABI's field order. */
  private static BigInteger[] participantWords() {
    return new BigInteger[] {
      BigInteger.TWO, // status Committed
      BigInteger.ZERO, // slashed
      BigInteger.ZERO, // released
      BigInteger.ZERO, // proposed
      BigInteger.ZERO, // index
      BigInteger.valueOf(100), // numSamples
      BigInteger.valueOf(12), // commitBlock
      BigInteger.valueOf(1_700_000_000), // commitTime
      BigInteger.ZERO, // attestedProposal
      BigInteger.ZERO, // attestBlock
      BigInteger.TEN.pow(20), // reservedStake
      BigInteger.valueOf(10), // joinBlock
      BigInteger.valueOf(1_699_999_000) // joinTime
    };
  }

  private static String encode(BigInteger... words) {
    StringBuilder hex = new StringBuilder("0x");
    for (BigInteger w : words) {
      hex.append(Numeric.toHexStringNoPrefixZeroPadded(w, 64));
    }
    return hex.toString();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static RegistryParticipant decodeParticipant(BigInteger... words) {
    List<Type> values =
        FunctionReturnDecoder.decode(
            encode(words), (List) List.of(new TypeReference<D2oraRegistry.Participant>() {}));
    var struct = (D2oraRegistry.Participant) values.getFirst();
    return RegistryRecords.participant(1, ALICE, struct, Optional.of(Hash32.ZERO));
  }

  @Test
  void shouldCarryASampleCountAboveLongMaxAsAValueThatDoesNotFit() {
    BigInteger[] words = participantWords();
    words[5] = UINT64_MAX;
    RegistryParticipant p = decodeParticipant(words);
    assertThat(p.numSamples()).isEqualTo(UINT64_MAX);
    assertThat(p.numSamplesExact()).isEmpty();
    assertThat(p.commitment().orElseThrow().numSamplesExact()).isEmpty();

    words[5] = BigInteger.ONE.shiftLeft(63);
    assertThat(decodeParticipant(words).numSamplesExact()).isEmpty();
    words[5] = BigInteger.valueOf(Long.MAX_VALUE);
    assertThat(decodeParticipant(words).numSamplesExact()).hasValue(Long.MAX_VALUE);
  }

  @Test
  void shouldFailTheReadByNameForTimesBlocksAndEnumsOutOfRange() {
    BigInteger[] time = participantWords();
    time[7] = UINT64_MAX;
    assertThatThrownBy(() -> decodeParticipant(time))
        .isInstanceOf(ChainDataException.class)
        .hasMessageContaining("commitTime");
    BigInteger[] beyondInstant = participantWords();
    beyondInstant[12] = BigInteger.valueOf(Long.MAX_VALUE);
    assertThatThrownBy(() -> decodeParticipant(beyondInstant))
        .isInstanceOf(ChainDataException.class)
        .hasMessageContaining("joinTime");
    BigInteger[] block = participantWords();
    block[6] = UINT64_MAX;
    assertThatThrownBy(() -> decodeParticipant(block))
        .isInstanceOf(ChainDataException.class)
        .hasMessageContaining("commitBlock");
    BigInteger[] status = participantWords();
    status[0] = BigInteger.valueOf(200);
    assertThatThrownBy(() -> decodeParticipant(status))
        .isInstanceOf(ChainDataException.class)
        .hasMessageContaining("participant status = 200");
  }

  @Test
  void shouldRejectAProposalIncludingMoreParticipantsThanTheRoundHas() {
    var proposal =
        new D2oraRegistry.Proposal(
            new byte[32],
            new byte[32],
            ALICE.hex(),
            BigInteger.ONE,
            BigInteger.ONE,
            BigInteger.ONE,
            BigInteger.ZERO,
            BigInteger.TEN,
            UINT256_MAX);
    assertThatThrownBy(() -> RegistryRecords.proposal(1, 1, proposal, List.of(ALICE), List.of()))
        .isInstanceOf(ChainDataException.class)
        .hasMessageContaining("including participant 255 of 1");
  }

  @Test
  void shouldDecodeAHugeSampleCountInALogAndDropALogWithAnImpossibleRoundId() {
    Log commit = updateCommitted(BigInteger.ONE, UINT64_MAX);
    var event = (ChainEvent.UpdateCommitted) EventDecoder.decode(commit).orElseThrow();
    assertThat(event.numSamples()).isEqualTo(UINT64_MAX);

    assertThat(EventDecoder.decode(updateCommitted(UINT256_MAX, BigInteger.ONE))).isEmpty();
  }

  private static Log updateCommitted(BigInteger roundId, BigInteger numSamples) {
    List<String> topics = new ArrayList<>();
    topics.add(EventEncoder.encode(D2oraRegistry.UPDATECOMMITTED_EVENT));
    topics.add(encode(roundId));
    topics.add(encode(Numeric.toBigInt(ALICE.hex())));
    String data = encode(BigInteger.ONE) + encode(numSamples).substring(2);
    Log log = new Log();
    log.setTopics(topics);
    log.setData(data);
    log.setBlockNumber("0x10");
    log.setLogIndex("0x0");
    log.setTransactionHash(Hash32.ZERO.hex());
    return log;
  }
}
