package io.d2ora.core.aggregate;

import io.d2ora.core.adapter.AdapterUpdate;
import io.d2ora.core.store.ContentHash;

/**
 * A round's aggregate: the update file's bytes, its keccak-256 (the hash the round is finalized
 * with), the decoded update and a report.
 */
public record AggregateResult(
    byte[] bytes, ContentHash hash, AdapterUpdate update, AggregationReport report) {}
