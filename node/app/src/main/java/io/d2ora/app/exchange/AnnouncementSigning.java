package io.d2ora.app.exchange;

/**
 * What an exchange needs to sign its node's announcements, check signed ones and report
 * equivocation ({@link P2PUpdateExchange}).
 *
 * @param signatures the chain's side: signing, checking, reporting
 * @param reports hears of each equivocation report's fate
 */
public record AnnouncementSigning(UpdateSignatures signatures, EquivocationReports reports) {}
