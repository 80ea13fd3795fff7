/** D2ORA ML core: DoRA math, the Theia model, training, adapter files, aggregation, rounds. */
package io.d2ora.core;
