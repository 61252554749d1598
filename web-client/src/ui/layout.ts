import { h } from "./dom";

/** Header, skip link and the main landmark every page renders into. */
export function layout(current: "discover" | "host" | "watch" | "none"): HTMLElement {
  const app = document.getElementById("app")!;
  const main = h("main", { id: "main", tabIndex: -1 });
  const link = (href: string, label: string, page: typeof current) =>
    h("a", { href, ...(current === page ? { attrs: { "aria-current": "page" } } : {}) }, label);
  app.replaceChildren(
    h("a", { class: "skip-link", href: "#main" }, "Skip to content"),
    h(
      "header",
      { class: "site-header" },
      h("a", { class: "brand", href: "/" }, h("span", { class: "brand-dot", attrs: { "aria-hidden": "true" } }), "LiveGrpc"),
      h("nav", { attrs: { "aria-label": "Main" } }, link("/", "Discover", "discover"), link("/host", "Go live", "host")),
    ),
    main,
  );
  return main;
}

export function setTitle(title: string): void {
  document.title = title ? `${title} · LiveGrpc` : "LiveGrpc";
}
