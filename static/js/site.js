// Start the design system's components, and again inside whatever htmx swaps in.
import "../vendor/sgds/design-system.js";

window.DS.initAll();
document.body.addEventListener("htmx:afterSwap", (event) => window.DS.initAll(event.target));

// The members' service worker (registered only for signed-in members) keeps "My sittings" for
// reading offline. Signing out tells it to forget the pages it keeps; so does any signed-out
// page, in case the worker missed the sign-out.
const worker = navigator.serviceWorker;
if (worker) {
  const forget = () => worker.controller?.postMessage({ type: "sign-out" });
  if (document.body.dataset.serviceWorker) {
    worker.register(document.body.dataset.serviceWorker, { scope: "/" });
    document.querySelectorAll("form.app-sign-out").forEach((form) => {
      form.addEventListener("submit", forget);
    });
  } else if ("signedOut" in document.body.dataset) {
    forget();
  }
}

// A page the worker served from its store: say so, and when it was saved.
if (!navigator.onLine) {
  const header = document.querySelector(".ds_layout__header");
  if (header) {
    const notice = document.createElement("div");
    notice.className = "ds_inset-text";
    notice.innerHTML =
      '<div class="ds_inset-text__text"><strong>You are offline.</strong> This is the page as it ' +
      "was when you last opened it.</div>";
    header.prepend(notice);
  }
}
