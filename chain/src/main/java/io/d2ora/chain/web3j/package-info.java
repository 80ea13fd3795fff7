/**
 * The {@link io.d2ora.chain.ChainReader} and {@link io.d2ora.chain.ChainClient} over web3j and the
 * generated wrappers: views at the latest or a pinned block ({@code WrapperViews}, {@code
 * PinnedSnapshot}) mapped with checked conversions ({@code RegistryRecords}, {@code ChainValues});
 * transactions with a local nonce and EIP-1559 fees ({@code TransactionSender}, {@code Fees}),
 * watched after sending until mined and confirmed, re-sent only as the same bytes or a same-nonce
 * replacement ({@code ReceiptWatch}); revert decoding by custom-error name; event decoding and
 * polling. web3j types stay in this package.
 */
package io.d2ora.chain.web3j;
