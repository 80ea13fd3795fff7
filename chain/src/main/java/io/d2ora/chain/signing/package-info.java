/**
 * Keys and signatures: secp256k1 account keys, encrypted keystore files (the Ethereum "web3 secret
 * storage" format web3j and geth write) and the EIP-712 signature of an update that the registry
 * verifies.
 */
package io.d2ora.chain.signing;
