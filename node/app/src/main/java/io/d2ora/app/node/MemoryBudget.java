package io.d2ora.app.node;

import io.d2ora.app.cli.UserException;
import io.d2ora.core.model.BertConfig;
import io.d2ora.core.train.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The memory a node needs for its round config, and the check at start that the machine has it: a
 * node that cannot hold its training says so at once, instead of being killed by the kernel or
 * failing an allocation in the middle of a round it joined (and forfeiting its stake).
 *
 * <p>Need = runtime + model weights twice (the checkpoint as read, and the encoder's arrays) +
 * training activations. Runtime covers the JVM (heap, code cache, metaspace, thread stacks), ND4J's
 * and OpenBLAS's native libraries and buffers, libp2p and web3j: a node with the tiny config of
 * {@code scripts/scale.sh} peaked at 0.9 to 1.25 GiB RSS (N = 3 and 16, 512 MiB heap; up to 1.6 GiB
 * with the JVM's default heap), of which the model weights are 2 x 86 MiB and activations a few
 * MiB, so the runtime is taken as 1 GiB. Activations are what one training step keeps for its
 * backward pass, per layer and token: the hidden states of the residual stream, query, key, value,
 * attention output and the two layer norms (8 x hidden), the feed-forward input and activation (2 x
 * intermediate), and the attention scores and probabilities (2 x heads x sequence), in float32.
 */
final class MemoryBudget {
  static final long MIB = 1L << 20;
  static final long RUNTIME_BYTES = 1024 * MIB;

  private MemoryBudget() {}

  /** Bytes one training step keeps alive for {@code training} on a model of shape {@code model}. */
  static long activationBytes(BertConfig model, TrainingConfig training) {
    long seq = Math.min(training.maxSeqLen(), model.maxPositions());
    long perToken =
        8L * model.hiddenSize() + 2L * model.intermediateSize() + 2L * model.numHeads() * seq;
    return Float.BYTES * training.batchSize() * seq * model.numLayers() * perToken;
  }

  /** Bytes the node needs in all, for a model whose weights take {@code weightBytes}. */
  static long needBytes(BertConfig model, long weightBytes, TrainingConfig training) {
    return RUNTIME_BYTES + 2 * weightBytes + activationBytes(model, training);
  }

  /** {@code MemAvailable} of a {@code /proc/meminfo} text, in bytes; empty if it has none. */
  static OptionalLong available(List<String> meminfo) {
    for (String line : meminfo) {
      String[] parts = line.trim().split("\\s+");
      if (parts.length >= 2 && parts[0].equals("MemAvailable:")) {
        long kib = Long.parseLong(parts[1]);
        return OptionalLong.of(kib * 1024);
      }
    }
    return OptionalLong.empty();
  }

  /**
   * Refuses to go on when the machine's available memory plus what this process already holds
   * ({@code heldBytes}, its resident set: runtime and model are loaded by now) is below {@code
   * needBytes}. A machine that does not say what it has available (no {@code /proc/meminfo}) is not
   * judged.
   *
   * @throws UserException saying what the node needs, of what, and what the machine has
   */
  static void require(
      BertConfig model,
      long weightBytes,
      TrainingConfig training,
      OptionalLong availableBytes,
      long heldBytes) {
    if (availableBytes.isEmpty()) {
      return;
    }
    long need = needBytes(model, weightBytes, training);
    long has = availableBytes.getAsLong() + heldBytes;
    if (has < need) {
      throw new UserException(
          String.format(
              Locale.ROOT,
              "this machine cannot hold the node: its round config needs about %d MiB (runtime %d,"
                  + " model weights 2 x %d, training activations %d for batches of %d x %d"
                  + " tokens), and the machine has %d MiB (%d MiB available in /proc/meminfo, %d"
                  + " MiB held by this process); lower the round config's batch_size or"
                  + " max_seq_len, or free memory",
              need / MIB,
              RUNTIME_BYTES / MIB,
              weightBytes / MIB,
              activationBytes(model, training) / MIB,
              training.batchSize(),
              Math.min(training.maxSeqLen(), model.maxPositions()),
              has / MIB,
              availableBytes.getAsLong() / MIB,
              heldBytes / MIB));
    }
  }

  /** This machine's {@code MemAvailable}; empty where there is no {@code /proc/meminfo}. */
  static OptionalLong machineAvailable() {
    try {
      return available(Files.readAllLines(Path.of("/proc/meminfo")));
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** This process's resident set ({@code VmRSS}), 0 where the system does not say. */
  static long processResident() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }
}
