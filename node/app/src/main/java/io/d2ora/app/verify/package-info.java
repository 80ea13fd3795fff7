/**
 * {@code d2ora verify round N} and {@code d2ora verify adapter FILE}: provenance checks that trust
 * neither the aggregator nor any peer (the core's {@code RoundVerifier} over the chain and the p2p
 * network), with a text or JSON report and a non-zero exit on any mismatch.
 */
package io.d2ora.app.verify;
