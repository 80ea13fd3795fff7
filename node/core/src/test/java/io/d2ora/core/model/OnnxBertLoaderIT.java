package io.d2ora.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.d2ora.core.model.onnx.OnnxGraph;
import io.d2ora.core.model.onnx.OnnxNode;
import io.d2ora.core.model.onnx.OnnxReader;
import io.d2ora.core.model.onnx.OnnxTensor;
import io.d2ora.core.store.ContentHash;
import io.d2ora.testing.RealComponent;
import io.d2ora.testing.RequiresRealComponents;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Loading the real all-MiniLM-L6-v2 ONNX file. */
@RequiresRealComponents(RealComponent.BASE_MODEL)
class OnnxBertLoaderIT {
  private static final OnnxGraph GRAPH =
      OnnxReader.read(TestAssets.modelDirectory().resolve(BaseModel.MODEL_FILE));

  @Test
  void shouldInferTheArchitectureFromTheGraph() {
    BertCheckpoint c = OnnxBertLoader.map(GRAPH);
    assertThat(c.config()).isEqualTo(new BertConfig(30522, 384, 6, 12, 1536, 512, 2, 1e-12f));
    assertThat(c.tensors()).hasSize(5 + 6 * 16);
    assertThat(c.parameterCount()).isEqualTo(22_565_376L);
  }

  /**
   * The mapper never reads node names; the exporter's names ({@code
   * /encoder/layer.3/attention/self/key/MatMul}) are an independent witness that each ONNX weight
   * got the right role. Our tensors are transposed to [out, in].
   */
  @Test
  void shouldAgreeWithTheExportersNodeNames() {
    BertCheckpoint c = OnnxBertLoader.map(GRAPH);
    int checked = 0;
    for (OnnxNode n : GRAPH.nodes()) {
      if (!n.opType().equals("MatMul") || !GRAPH.isConstant(n.input(1))) {
        continue;
      }
      String module = n.name().replaceFirst("^/", "").replace("/MatMul", "").replace('/', '.');
      OnnxTensor onnx = GRAPH.constant(n.input(1)).orElseThrow();
      WeightTensor ours = c.tensor(module + ".weight");
      int in = (int) onnx.dims()[0];
      int out = (int) onnx.dims()[1];
      assertThat(ours.shape()).containsExactly(out, in);
      for (int probe : new int[] {0, 7, in * out - 1}) {
        int i = probe / out;
        int o = probe % out;
        assertThat(ours.data()[o * in + i]).as(module).isEqualTo(onnx.floats()[probe]);
      }
      checked++;
    }
    assertThat(checked).isEqualTo(36);
  }

  /** Golden value: a change to the canonical encoding or the mapping changes every round's id. */
  @Test
  void shouldHashTheBaseModelStably() {
    ContentHash hash = OnnxBertLoader.map(GRAPH).hash();
    assertThat(hash.hex())
        .isEqualTo("0x77905c63bc213426172efed31eb15557b489ec67087e7c3ceb530b8a0e631552");
  }

  @Test
  void shouldTokenizeLikeHuggingFace() {
    BaseModel model = TestAssets.baseModel();
    // Ids from transformers' BertTokenizerFast on this tokenizer.json.
    int[] ids = model.tokenizer().encode("The food was great!", 128);
    assertThat(Arrays.stream(model.tokenizer().tokens("The food was great!", 128)).toList())
        .containsExactly("[CLS]", "the", "food", "was", "great", "!", "[SEP]");
    assertThat(ids).containsExactly(101, 1996, 2833, 2001, 2307, 999, 102);
    assertThat(model.tokenizer().encode("a b c d e f", 4)).containsExactly(101, 1037, 1038, 102);
  }
}
