/**
 * The dashboard: HTML pages with server-side SVG plots about rounds (timeline, participants,
 * commitments, proposals, settlement), the provenance of a round's aggregate, learning curves and
 * peers, read from the chain and the node's data directories. {@link
 * io.d2ora.app.dashboard.DashboardServer} is the thin Jetty edge (one method per request, extra
 * routes such as {@code /metrics} mounted with one call); {@link io.d2ora.app.dashboard.Dashboard}
 * maps a path to a reply without sockets, and the {@code *Page} classes are pure renderers. Every
 * string that comes from the chain, a peer or a file is escaped by {@link
 * io.d2ora.app.dashboard.Html#esc}.
 */
package io.d2ora.app.dashboard;
