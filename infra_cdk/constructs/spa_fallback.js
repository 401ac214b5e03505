// CloudFront Function (cloudfront-js-2.0, viewer request) on the dashboard's behaviour only: a screen's
// address (no file extension in its last segment: /agents/agt_..., /auth/callback) is the app, so it is
// answered with /index.html and the router shows that screen; a file (/config.json, /assets/x.js) is itself.
// API paths have their own behaviours and never reach this, so their 404s stay JSON.
function handler(event) {
  var request = event.request;
  var last = request.uri.substring(request.uri.lastIndexOf("/") + 1);
  if (last.indexOf(".") === -1) {
    request.uri = "/index.html";
  }
  return request;
}
