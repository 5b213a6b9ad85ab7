// The inspection page's Print button: the browser's print dialog (inspection_print.css lays out the page).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
