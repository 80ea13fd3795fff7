package io.d2ora.core.model.onnx;

import io.d2ora.core.InputFaultException;

/** The ONNX file is malformed or not a graph this loader understands. The file is at fault. */
public class OnnxFormatException extends InputFaultException {
  private static final long serialVersionUID = 1L;

  public OnnxFormatException(String message) {
    super(message);
  }

  public OnnxFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
