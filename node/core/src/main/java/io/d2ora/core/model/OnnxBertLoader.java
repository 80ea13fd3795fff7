package io.d2ora.core.model;

import io.d2ora.core.model.onnx.OnnxFormatException;
import io.d2ora.core.model.onnx.OnnxGraph;
import io.d2ora.core.model.onnx.OnnxReader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads a BERT encoder's fp32 weights from an ONNX export (as shipped in the langchain4j embedding
 * jars): reads the initializers, assigns them Hugging Face state-dict names by walking the graph
 * (see {@link BertGraphMapper}) and infers the {@link BertConfig} from their shapes.
 */
public final class OnnxBertLoader {
  private OnnxBertLoader() {}

  public static BertCheckpoint load(Path onnxFile) {
    if (!Files.isRegularFile(onnxFile)) {
      throw new ModelFormatException("model file not found: " + onnxFile);
    }
    try {
      return map(OnnxReader.read(onnxFile));
    } catch (OnnxFormatException | ModelFormatException e) {
      throw new ModelFormatException(onnxFile + ": " + e.getMessage(), e);
    }
  }

  public static BertCheckpoint map(OnnxGraph graph) {
    return new BertGraphMapper(graph).map();
  }
}
