/**
 * Keys and signatures: secp256k1 account keys, encrypted keystore files (the Ethereum "web3 secret
 * storage" format web3j and geth write) and the EIP-712 signatures the registry verifies: an update
 * ({@link io.d2ora.chain.signing.UpdateSigner}) and an attestation ({@link
 * io.d2ora.chain.signing.AttestationSigner}), both in the registry's domain.
 */
package io.d2ora.chain.signing;
