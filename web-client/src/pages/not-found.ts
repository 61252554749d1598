import { h } from "../ui/dom";
import { layout, setTitle } from "../ui/layout";

export function notFoundPage(): void {
  setTitle("Not found");
  layout("none").append(h("h1", {}, "Page not found"), h("p", {}, "There is nothing here. ", h("a", { href: "/" }, "Discover live streams"), " or ", h("a", { href: "/host" }, "start your own"), "."));
}
