/**
 * A minimal ONNX reader: the graph's nodes, initializers and inputs, decoded straight from the
 * protobuf wire format with {@code CodedInputStream} (field numbers from onnx/onnx.proto), so no
 * generated classes or protoc are needed.
 */
package io.d2ora.core.model.onnx;
