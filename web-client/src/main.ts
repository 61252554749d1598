import "./ui/styles.css";
import { discoveryPage } from "./pages/discovery";
import { hostHomePage, hostStreamPage } from "./pages/host";
import { notFoundPage } from "./pages/not-found";
import { watchPage } from "./pages/watch";

/** Routes by path; the server answers every page path with this one index.html. */
export function route(pathname: string): void {
  const segments = pathname.split("/").filter(Boolean).map(decodeURIComponent);
  if (segments.length === 0) return discoveryPage();
  if (segments[0] === "watch" && segments.length === 2) return watchPage(segments[1]);
  if (segments[0] === "host" && segments.length === 1) return hostHomePage();
  if (segments[0] === "host" && segments.length === 2) return hostStreamPage(segments[1]);
  notFoundPage();
}

window.addEventListener("popstate", () => location.reload());
route(location.pathname);
