// The members' service worker: keeps the last "My sittings" page (with the next sitting's
// centre and address) for reading offline, and the site's static files. Nothing is stored
// unless the server marks the response as a member's own page, and every stored page is
// deleted as soon as a response says nobody is signed in (after signing out, or when the
// session has ended) or a page asks for it.
const PAGES = "panel-member-pages-v1";
const STATIC = "panel-static-v1";
const OFFLINE_PAGES = ["{{ sittings_url }}"];

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((key) => ![PAGES, STATIC].includes(key)).map((key) => caches.delete(key)),
      ))
      .then(() => self.clients.claim()),
  );
});

function forgetPages() {
  return caches.delete(PAGES);
}

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "sign-out") {
    event.waitUntil(forgetPages());
  }
});

function offlinePage() {
  const html = `<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>You are offline</title></head>
<body><main><h1>You are offline</h1><p>This page has not been saved on this device.
<a href="${OFFLINE_PAGES[0]}">My sittings</a> can be read offline once you have opened it while signed in.</p></main></body></html>`;
  return new Response(html, {
    status: 503,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": "default-src 'none'; base-uri 'none'; form-action 'none'",
    },
  });
}

async function fromNetwork(request) {
  const url = new URL(request.url);
  const response = await fetch(request);
  if (response.headers.get("X-Signed-In") === "0") {
    await forgetPages();
  } else if (
    response.ok &&
    OFFLINE_PAGES.includes(url.pathname) &&
    response.headers.get("X-Member-Page") === "offline"
  ) {
    const cache = await caches.open(PAGES);
    await cache.put(url.pathname, response.clone());
  }
  return response;
}

async function navigate(request) {
  try {
    return await fromNetwork(request);
  } catch (error) {
    const cached = await caches.match(new URL(request.url).pathname, { cacheName: PAGES });
    return cached || offlinePage();
  }
}

async function staticFile(request) {
  const cache = await caches.open(STATIC);
  const cached = await cache.match(request);
  const network = fetch(request)
    .then((response) => {
      if (response.ok) cache.put(request, response.clone());
      return response;
    })
    .catch(() => cached);
  return cached || network;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    // POSTs (signing out, forms) go straight to the network; their redirected result is
    // checked for the signed-out marker like any other page.
    event.respondWith(request.method === "GET" ? navigate(request) : fromNetwork(request));
  } else if (request.method === "GET" && url.pathname.startsWith("{{ static_url }}")) {
    event.respondWith(staticFile(request));
  }
});
