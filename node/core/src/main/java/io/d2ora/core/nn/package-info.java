/**
 * Minimal differentiable building blocks on ND4J with hand-written backward passes: {@link
 * io.d2ora.core.nn.Parameter}, the {@link io.d2ora.core.nn.Layer} contract, the {@link
 * io.d2ora.core.nn.Linear} layer, shape checks and the {@link io.d2ora.core.nn.NumericalException}
 * family. Activations are 2-D {@code [n, features]}; callers flatten batch x sequence.
 *
 * <p>The training hot path works on ND4J's memory without ND4J ops: {@link
 * io.d2ora.core.nn.NativeMatrix} views (blocks with any row stride), {@link io.d2ora.core.nn.Blas}
 * (CBLAS on those views), {@link io.d2ora.core.nn.RowBuffer}s and {@link
 * io.d2ora.core.nn.HostBuffer}s reused across steps, Java kernels split over {@link
 * io.d2ora.core.nn.KernelThreads}, and {@link io.d2ora.core.nn.ProductLayer}s, whose products
 * {@link io.d2ora.core.nn.LinearGroup} shares between maps of one input.
 */
package io.d2ora.core.nn;
