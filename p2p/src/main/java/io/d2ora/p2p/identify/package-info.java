/**
 * identify and identify/push (https://github.com/libp2p/specs/blob/master/identify/README.md): the
 * message codec and the service that answers, requests and pushes it over {@link
 * io.d2ora.p2p.P2PStream}s.
 */
package io.d2ora.p2p.identify;
