/**
 * {@code d2ora train}, {@code d2ora eval} and {@code d2ora predict}: local fine-tuning of Theia
 * from a config file, scoring an update file on labelled data, and classifying texts with it.
 */
package io.d2ora.app.train;
