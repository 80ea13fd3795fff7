/**
 * Theia, the pretrained model: a BERT encoder read from an ONNX export (weights mapped to roles by
 * the graph, architecture inferred from shapes), run on ND4J memory with CBLAS products, Java
 * kernels for GELU, layer norm and softmax, and a hand-written backward pass, DoRA/LoRA adapters on
 * chosen linear maps, Hugging Face tokenization, and the base-model hash that rounds name. The
 * classification head on top lives in {@link io.d2ora.core.model.TextClassifier}.
 */
package io.d2ora.core.model;
