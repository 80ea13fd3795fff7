/** The registry contract client: records in, records out; web3j stays inside this module. */
package io.d2ora.chain;
