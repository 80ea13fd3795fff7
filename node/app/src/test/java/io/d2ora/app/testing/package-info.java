/** Test support shared by the node module's integration and acceptance tests. */
package io.d2ora.app.testing;
