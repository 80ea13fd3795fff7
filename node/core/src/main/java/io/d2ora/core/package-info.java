/**
 * D2ORA ML core: DoRA math, the Theia model, training, adapter files, aggregation, rounds. This
 * package holds only the root of core's exceptions ({@link io.d2ora.core.CoreException}) and its
 * two branches, {@link io.d2ora.core.InputFaultException} and {@link
 * io.d2ora.core.ExternalFaultException}, which every specific exception of the feature packages
 * extends.
 */
package io.d2ora.core;
