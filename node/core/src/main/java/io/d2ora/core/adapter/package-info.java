/**
 * The update file: adapter tensors and metadata ({@link io.d2ora.core.adapter.AdapterUpdate}), its
 * canonical, PEFT-loadable safetensors encoding and defensive decoding ({@link
 * io.d2ora.core.adapter.SafetensorsCodec}), its keccak-256 hash ({@link
 * io.d2ora.core.store.ContentHash#keccak256}) and PEFT's {@code adapter_config.json} ({@link
 * io.d2ora.core.adapter.AdapterConfig}). Plain Java arrays only: this is the wire format, so no
 * ND4J type appears in its API.
 */
package io.d2ora.core.adapter;
