/**
 * Minimal differentiable building blocks on ND4J with hand-written backward passes: {@link
 * io.d2ora.core.nn.Parameter}, the {@link io.d2ora.core.nn.Layer} contract, the {@link
 * io.d2ora.core.nn.Linear} layer, shape checks and the {@link io.d2ora.core.nn.NumericalException}
 * family. Activations are 2-D {@code [n, features]}; callers flatten batch x sequence.
 */
package io.d2ora.core.nn;
