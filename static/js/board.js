// The rota board: move focus into a panel opened in place, and back to its link on closing.
const region = () => document.getElementById("open-panel");
let opener = null;

document.body.addEventListener("click", (event) => {
  const link = event.target.closest("[data-board-open]");
  if (link) opener = link.dataset.boardOpen;
  if (event.target.closest("[data-board-close]")) {
    region().replaceChildren();
    const back = opener && document.getElementById(opener);
    if (back) back.focus();
  }
});

document.body.addEventListener("htmx:afterSettle", (event) => {
  if (event.detail.target !== region()) return;
  const target = region().querySelector("[data-board-focus]");
  if (target) target.focus();
});
