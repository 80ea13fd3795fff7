package io.d2ora.app.dashboard;

/** The page for a request that failed: status, a title for it, the message, escaped. */
final class ErrorPage {
  private ErrorPage() {}

  static HttpReply reply(int status, String message) {
    String title =
        switch (status) {
          case 400 -> "Bad request";
          case 404 -> "Not found";
          case 405 -> "Method not allowed";
          case 503 -> "Chain unavailable";
          default -> "Error";
        };
    return HttpReply.html(
        status,
        Html.page(
            status + " " + title, "<p class=\"error\" id=\"error\">" + Html.esc(message) + "</p>"));
  }
}
