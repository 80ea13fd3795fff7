package io.d2ora.core.train;

import io.d2ora.core.data.Batches;
import io.d2ora.core.model.BaseModel;
import io.d2ora.core.model.SoftmaxCrossEntropy;
import io.d2ora.core.model.TextClassifier;
import io.d2ora.core.model.TokenBatch;
import io.d2ora.core.model.WeightTensor;
import io.d2ora.core.nn.NumericalException;
import io.d2ora.core.nn.Parameter;
import io.d2ora.core.optim.AdamW;
import io.d2ora.core.optim.AdamWConfig;
import io.d2ora.core.optim.GradientClipping;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Local fine-tuning: a {@link TextClassifier} (adapters from the config, fresh or given head)
 * trained with AdamW, linear warm-up then linear decay (Hugging Face's default schedule), gradient
 * accumulation and global-norm clipping; cross-entropy on mean-pooled embeddings; validation after
 * every epoch. A non-finite loss or gradient stops the run with {@link TrainingDivergedException}.
 *
 * <p>Runs on the calling thread (the node calls it from its training thread) and is deterministic
 * for a seed on one machine.
 */
public final class Trainer {
  private final BaseModel base;
  private final TrainingConfig config;
  private final ProgressListener listener;

  private Trainer(BaseModel base, TrainingConfig config, ProgressListener listener) {
    this.base = base;
    this.config = config;
    this.listener = listener;
  }

  /**
   * Trains and returns the adapter + head state.
   *
   * @param initialState adapter and head tensors to start from (e.g. the previous round's
   *     aggregate, see {@link PeftUpdates#toState}); null for fresh adapters and a fresh head
   */
  public static TrainingResult train(
      BaseModel base,
      TrainingConfig config,
      TrainingData data,
      Map<String, WeightTensor> initialState,
      ProgressListener listener) {
    return train(base, config, data, initialState, TrainingRound.STANDALONE, listener);
  }

  /**
   * As {@link #train(BaseModel, TrainingConfig, TrainingData, Map, ProgressListener)}, as round
   * {@code round} of a federated run: the learning rate follows the run-wide schedule and the data
   * order mixes in the round index as the config's {@link RoundContinuity} says, and AdamW resumes
   * from {@code round.optimizerState()} when given.
   *
   * @throws IllegalArgumentException if the optimizer state does not fit this model's parameters
   */
  public static TrainingResult train(
      BaseModel base,
      TrainingConfig config,
      TrainingData data,
      Map<String, WeightTensor> initialState,
      TrainingRound round,
      ProgressListener listener) {
    return new Trainer(base, config, listener == null ? ProgressListener.NONE : listener)
        .run(data, initialState, round);
  }

  /** The classifier a config describes, with fresh adapters and head (before training). */
  public static TextClassifier newClassifier(BaseModel base, TrainingConfig config, int labels) {
    return TextClassifier.create(
        base, config.adapterSpec(), labels, config.headDropout(), config.seed(), DataType.FLOAT);
  }

  private TrainingResult run(
      TrainingData data, Map<String, WeightTensor> initialState, TrainingRound round) {
    TextClassifier model = newClassifier(base, config, data.labels().size());
    if (initialState != null) {
      model.loadState(initialState);
    }
    EncodedExamples train =
        EncodedExamples.of(data.train(), data.labels(), base.tokenizer(), config.maxSeqLen());
    EncodedExamples validation =
        EncodedExamples.of(data.validation(), data.labels(), base.tokenizer(), config.maxSeqLen());
    List<Parameter> params = model.trainableParameters();
    int batchesPerEpoch = (train.size() + config.batchSize() - 1) / config.batchSize();
    int accumulation = config.gradientAccumulationSteps();
    long stepsPerEpoch = (batchesPerEpoch + accumulation - 1) / accumulation;
    long totalSteps = stepsPerEpoch * config.numEpochs();
    AdamW optimizer =
        new AdamW(
            params,
            AdamWConfig.DEFAULT.withWeightDecay(config.weightDecay()),
            config
                .continuity()
                .schedule(config.learningRate(), config.warmupRatio(), totalSteps, round.index()));
    if (round.optimizerState() != null) {
      optimizer.resume(round.optimizerState());
    }
    Loop loop = new Loop(model, optimizer, params, totalSteps, round.index());
    List<ProgressListener.EpochSummary> epochs = new ArrayList<>();
    for (int epoch = 1; epoch <= config.numEpochs(); epoch++) {
      double trainLoss = loop.epoch(train, epoch);
      Evaluation v =
          validation.size() == 0 ? null : Evaluator.evaluate(model, validation, data.labels());
      ProgressListener.EpochSummary summary =
          new ProgressListener.EpochSummary(epoch, trainLoss, v);
      epochs.add(summary);
      listener.onEpoch(summary);
    }
    return new TrainingResult(
        model.state(),
        data.labels(),
        base.hash(),
        train.size(),
        epochs,
        optimizer.stepCount(),
        loop.tokens,
        loop.seconds,
        loop.peakBytes,
        optimizer.state(""));
  }

  /** The step loop of one run: micro-batches, accumulation, clipping, progress. */
  private final class Loop {
    final TextClassifier model;
    final AdamW optimizer;
    final List<Parameter> params;
    final long totalSteps;
    final long roundIndex;
    long tokens;
    double seconds;
    long peakBytes;

    Loop(
        TextClassifier model,
        AdamW optimizer,
        List<Parameter> params,
        long totalSteps,
        long roundIndex) {
      this.model = model;
      this.optimizer = optimizer;
      this.params = params;
      this.totalSteps = totalSteps;
      this.roundIndex = roundIndex;
    }

    double epoch(EncodedExamples train, int epoch) {
      List<int[]> batches =
          Batches.shuffled(
              train.lengths(),
              config.batchSize(),
              config.seed(),
              config.continuity().shuffleEpoch(roundIndex, config.numEpochs(), epoch));
      int accumulation = config.gradientAccumulationSteps();
      double lossSum = 0;
      int micro = 0;
      optimizer.zeroGrad();
      for (int i = 0; i < batches.size(); i++) {
        long start = System.nanoTime();
        int[] idx = batches.get(i);
        TokenBatch batch = train.batch(idx);
        int inStep = Math.min(accumulation, batches.size() - (i / accumulation) * accumulation);
        double loss = microStep(batch, train.labels(idx), 1.0 / inStep);
        lossSum += loss;
        micro++;
        tokens += batch.tokenCount();
        if ((i + 1) % accumulation == 0 || i == batches.size() - 1) {
          optimizerStep(loss);
        }
        seconds += (System.nanoTime() - start) / 1e9;
        peakBytes = Math.max(peakBytes, Pointer.physicalBytes());
        if ((i + 1) % accumulation == 0 || i == batches.size() - 1) {
          double rate = tokens / Math.max(seconds, 1e-9);
          long done = optimizer.stepCount();
          listener.onStep(
              new ProgressListener.StepProgress(
                  epoch,
                  done,
                  totalSteps,
                  lossSum / micro,
                  optimizer.learningRate(),
                  rate,
                  seconds / done * (totalSteps - done)));
        }
      }
      return lossSum / Math.max(1, micro);
    }

    private double microStep(TokenBatch batch, int[] labels, double scale) {
      long step = optimizer.stepCount() + 1;
      SoftmaxCrossEntropy.Result r;
      try {
        r = SoftmaxCrossEntropy.compute(model.forward(batch, true), labels, scale);
      } catch (NumericalException e) {
        throw new TrainingDivergedException(step, Double.NaN, e);
      }
      if (!Double.isFinite(r.loss())) {
        throw new TrainingDivergedException(step, r.loss(), null);
      }
      try {
        model.backward(r.gradient());
      } catch (NumericalException e) {
        throw new TrainingDivergedException(step, r.loss(), e);
      }
      return r.loss();
    }

    private void optimizerStep(double loss) {
      long step = optimizer.stepCount() + 1;
      try {
        if (config.maxGradNorm() > 0) {
          GradientClipping.clipGlobalNorm(params, config.maxGradNorm(), step);
        }
        optimizer.step();
      } catch (NumericalException e) {
        throw new TrainingDivergedException(step, loss, e);
      }
      optimizer.zeroGrad();
    }
  }
}
