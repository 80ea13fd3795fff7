package io.d2ora.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.d2ora.testing.RealComponent;
import io.d2ora.testing.RequiresRealComponents;
import java.nio.LongBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The ND4J encoder's forward pass against onnxruntime running the same ONNX file on the same
 * (padded) batch of real sentences: last hidden states agree within 1e-4.
 */
@RequiresRealComponents(RealComponent.BASE_MODEL)
class BertEncoderParityIT {
  private static final String[] SENTENCES = {
    "A very, very, very slow-moving, aimless movie about a distressed, drifting young man.",
    "The food was great and the service was friendly.",
    "Not worth it.",
    "I would not recommend this phone to anyone; the battery died after two days of light use.",
  };

  @Test
  void shouldMatchOnnxRuntimeWithinTolerance() throws Exception {
    BaseModel model = TestAssets.baseModel();
    int[][] ids = new int[SENTENCES.length][];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = model.tokenizer().encode(SENTENCES[i], 128);
    }
    TokenBatch batch = TokenBatch.of(ids);
    INDArray ours = model.encoder(null).forward(batch, false);

    float[][][] reference = runOnnx(model, batch);
    double maxError = 0;
    int h = model.config().hiddenSize();
    for (int b = 0; b < batch.batchSize(); b++) {
      for (int t = 0; t < batch.lengths()[b]; t++) {
        for (int j = 0; j < h; j++) {
          double d = ours.getDouble((long) b * batch.seqLen() + t, j) - reference[b][t][j];
          maxError = Math.max(maxError, Math.abs(d));
        }
      }
    }
    assertThat(maxError).isLessThan(1e-4);
  }

  @Test
  void shouldEqualTheBaseEncoderWhenDoraFactorBIsZero() {
    BaseModel model = TestAssets.baseModel();
    TokenBatch batch =
        TokenBatch.of(
            new int[][] {
              model.tokenizer().encode(SENTENCES[0], 128),
              model.tokenizer().encode(SENTENCES[2], 128)
            });
    io.d2ora.core.dora.AdapterSpec all =
        io.d2ora.core.dora.AdapterSpec.builder()
            .rank(8)
            .targetModules(java.util.List.of("query", "key", "value", "dense"))
            .build();
    INDArray base = model.encoder(null).forward(batch, false);
    INDArray adapted = model.encoder(all).forward(batch, false);
    assertThat(adapted.sub(base).amaxNumber().doubleValue()).isLessThan(1e-5);
  }

  private static float[][][] runOnnx(BaseModel model, TokenBatch batch) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    long[] shape = {batch.batchSize(), batch.seqLen()};
    long[] ids = new long[batch.ids().length];
    long[] mask = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = batch.ids()[i];
      mask[i] = i % batch.seqLen() < batch.lengths()[i / batch.seqLen()] ? 1 : 0;
    }
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      try (OrtSession session =
              env.createSession(
                  model.directory().resolve(BaseModel.MODEL_FILE).toString(), options);
          OnnxTensor idTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
          OnnxTensor maskTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
          OnnxTensor types =
              OnnxTensor.createTensor(env, LongBuffer.wrap(new long[ids.length]), shape);
          OrtSession.Result result =
              session.run(
                  Map.of(
                      "input_ids",
                      idTensor,
                      "attention_mask",
                      maskTensor,
                      "token_type_ids",
                      types))) {
        return (float[][][]) result.get(0).getValue();
      }
    }
  }
}
