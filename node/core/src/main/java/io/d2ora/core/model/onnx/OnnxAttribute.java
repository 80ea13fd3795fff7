package io.d2ora.core.model.onnx;

/**
 * The parts of an ONNX {@code AttributeProto} the BERT loader reads: a float ({@code epsilon}), an
 * int ({@code axis}), or a tensor ({@code Constant} values). Unused parts are 0 or null.
 */
public record OnnxAttribute(String name, float f, long i, OnnxTensor t) {}
