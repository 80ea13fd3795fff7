package io.d2ora.core.model;

import io.d2ora.core.nn.HostBuffers;
import io.d2ora.core.nn.RowBuffer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * What an encoder's blocks share because they use it one block at a time: the heap scratch of the
 * Java kernels, forward outputs consumed at once by a layer norm, and every backward temporary.
 * Activations a block keeps for its backward live in the block. All buffers grow to the largest
 * batch seen and are then reused, so a steady-state step allocates nothing here.
 */
final class EncoderWorkspace {
  final HostBuffers scratch = new HostBuffers();
  final HostBuffers residualScratch = new HostBuffers();

  /** A dense output {@code [n, H]} that the next layer norm reads at once. */
  final RowBuffer denseOutput;

  /**
   * Forward activations of blocks that will not read them in backward (frozen consumers, or no
   * training at all); block outputs alternate between two so a block never overwrites its input.
   */
  final RowBuffer projections;

  final RowBuffer probabilities;
  final RowBuffer context;
  final RowBuffer attended;
  final RowBuffer activations;
  final RowBuffer[] outputs;

  final RowBuffer normGradient;
  final RowBuffer intermediateGradient;
  final RowBuffer hiddenGradient;
  final RowBuffer attentionNormGradient;
  final RowBuffer contextGradient;
  final RowBuffer projectionGradient;

  /** Flat storage for dL/dScores, viewed as {@code [B*heads*T, T]}. */
  final RowBuffer scoreGradient;

  /** Two buffers for dL/dx of consecutive blocks (one block's dx is the next one's dy). */
  final RowBuffer[] inputGradients;

  EncoderWorkspace(BertConfig config, DataType type) {
    int h = config.hiddenSize();
    this.denseOutput = new RowBuffer(type, h);
    this.projections = new RowBuffer(type, 3L * h);
    this.probabilities = new RowBuffer(type, 1);
    this.context = new RowBuffer(type, h);
    this.attended = new RowBuffer(type, h);
    this.activations = new RowBuffer(type, config.intermediateSize());
    this.outputs = new RowBuffer[] {new RowBuffer(type, h), new RowBuffer(type, h)};
    this.normGradient = new RowBuffer(type, h);
    this.intermediateGradient = new RowBuffer(type, config.intermediateSize());
    this.hiddenGradient = new RowBuffer(type, h);
    this.attentionNormGradient = new RowBuffer(type, h);
    this.contextGradient = new RowBuffer(type, h);
    this.projectionGradient = new RowBuffer(type, 3L * h);
    this.scoreGradient = new RowBuffer(type, 1);
    this.inputGradients = new RowBuffer[] {new RowBuffer(type, h), new RowBuffer(type, h)};
  }
}
