/**
 * Test support every module uses at test scope, and that depends on no D2ORA module.
 *
 * <p>An integration test that needs a real component (Node 22, Hardhat, Anvil, js-libp2p, the base
 * model, the sentiment data) says so with {@link io.d2ora.testing.RequiresRealComponents}; a
 * fixture that launches one calls {@link io.d2ora.testing.RealComponent#require()}. Either way a
 * missing component FAILS the test in CI ({@code CI=true}) and skips it on a developer's machine,
 * with a message naming what is missing and how to set it up ({@link
 * io.d2ora.testing.MissingComponent}).
 */
package io.d2ora.testing;
