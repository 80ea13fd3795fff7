/** {@code d2ora adapter ...}: inspect and hash update files. */
package io.d2ora.app.adapter;
