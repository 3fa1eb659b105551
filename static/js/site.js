// Start the design system's components, and again inside whatever htmx swaps in.
import "../vendor/sgds/design-system.js";

window.DS.initAll();
document.body.addEventListener("htmx:afterSwap", (event) => window.DS.initAll(event.target));
