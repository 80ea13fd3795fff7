/**
 * Optimizers over {@link io.d2ora.core.nn.Parameter}s with PyTorch's update rules: {@link
 * io.d2ora.core.optim.AdamW} (decoupled weight decay, Loshchilov and Hutter 2019,
 * arXiv:1711.05101), {@link io.d2ora.core.optim.Sgd}, global gradient-norm clipping and learning
 * rate schedules (linear warm-up, then linear or cosine decay, as Hugging Face transformers).
 */
package io.d2ora.core.optim;
