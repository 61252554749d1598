import { streams, defaultCall } from "../api/client";
import { describeError } from "../api/errors";
import { streamFromProto } from "../api/mapping";
import { StreamStatus } from "../gen/livegrpc/v1/stream_pb";
import { LiveHub } from "../live/live-hub";
import { isOnAir, statusLabel, type StreamView } from "../live/stream-view";
import { formatRelative, h, replaceChildren, viewersText } from "../ui/dom";
import { layout, setTitle } from "../ui/layout";

const OfflinePageSize = 12;
const LivePageSize = 50;
const RelistEveryMs = 30_000;

/**
 * Discovery: live streams first (counts update in place through the hub), then offline streams
 * with when they were last live, a filter box and pagination.
 */
export function discoveryPage(): void {
  setTitle("Discover");
  const main = layout("discover");
  const hub = new LiveHub();

  const filter = h("input", { type: "search", id: "filter", placeholder: "Filter by title", autocomplete: "off", maxLength: 120 });
  const liveList = h("ul", { class: "cards", attrs: { "aria-label": "Live streams" } });
  const offlineList = h("ul", { class: "cards", attrs: { "aria-label": "Offline streams" } });
  const liveSection = h("section", { attrs: { "aria-labelledby": "live-heading" } }, h("h2", { id: "live-heading" }, "Live now"), liveList);
  const offlineSection = h("section", { attrs: { "aria-labelledby": "offline-heading" } }, h("h2", { id: "offline-heading" }, "Offline"), offlineList);
  const newer = h("button", { type: "button", class: "secondary" }, "← Newer");
  const older = h("button", { type: "button", class: "secondary" }, "Older →");
  const pageInfo = h("span", { class: "muted", attrs: { "aria-live": "polite" } });
  const pager = h("nav", { class: "pager", attrs: { "aria-label": "Offline streams pages" } }, newer, pageInfo, older);
  const status = h("p", { class: "muted", attrs: { role: "status" } });
  const errorBox = h("div", { class: "error", attrs: { role: "alert" }, hidden: true });
  const empty = h("div", { class: "empty", hidden: true });

  main.append(
    h("div", { class: "page-head" }, h("h1", {}, "Discover streams"), h("a", { class: "button primary", href: "/host" }, "Start a stream")),
    h("form", { class: "filter", role: "search", onsubmit: (e: Event) => e.preventDefault() }, h("label", { htmlFor: "filter" }, "Filter streams"), filter),
    errorBox,
    status,
    empty,
    liveSection,
    offlineSection,
    pager,
  );

  const cards = new Map<string, HTMLLIElement>();
  let query = "";
  const pageTokens: string[] = [""]; // the token of each offline page visited; last is current
  let nextToken = "";
  let loading = 0;

  hub.store.subscribe((view) => {
    const card = cards.get(view.id);
    if (!card) return;
    updateCard(card, view);
    // A stream that goes live moves up to "Live now"; one that ends moves down, in place.
    const onAir = isOnAir(view.status) || view.status === "starting";
    if (onAir && card.parentElement !== liveList) liveList.prepend(card);
    else if (!onAir && card.parentElement === liveList) offlineList.prepend(card);
    liveSection.hidden = liveList.childElementCount === 0;
    offlineSection.hidden = offlineList.childElementCount === 0 && pageTokens.length === 1;
  });

  async function load(): Promise<void> {
    const ticket = ++loading;
    status.textContent = "Loading…";
    try {
      const titleQuery = query;
      const [live, reconnecting, offline] = await Promise.all([
        streams.listStreams({ status: StreamStatus.LIVE, pageSize: LivePageSize, titleQuery }, defaultCall),
        streams.listStreams({ status: StreamStatus.RECONNECTING, pageSize: LivePageSize, titleQuery }, defaultCall),
        streams.listStreams({ status: StreamStatus.OFFLINE, pageSize: OfflinePageSize, pageToken: pageTokens.at(-1), titleQuery }, defaultCall),
      ]);
      if (ticket !== loading) return; // a newer filter/page superseded this one
      const liveViews = [...live.streams, ...reconnecting.streams].map(streamFromProto);
      const offlineViews = offline.streams.map(streamFromProto);
      nextToken = offline.nextPageToken;
      // Seed the store with the listed state (it carries last-live times the hub's snapshots do not),
      // so hub snapshots and pushes only ever move a card forward.
      liveViews.concat(offlineViews).forEach((view) => hub.store.applySnapshot(view));
      render(liveViews.map((view) => hub.store.get(view.id) ?? view), offlineViews.map((view) => hub.store.get(view.id) ?? view));
      errorBox.hidden = true;
      status.textContent = "";
      await followShown(liveViews.concat(offlineViews));
    } catch (error) {
      if (ticket !== loading) return;
      status.textContent = "";
      errorBox.hidden = false;
      errorBox.textContent = describeError(error, "Could not load streams");
    }
  }

  function render(live: StreamView[], offline: StreamView[]): void {
    cards.clear();
    replaceChildren(liveList, ...live.map(card));
    replaceChildren(offlineList, ...offline.map(card));
    liveSection.hidden = live.length === 0;
    offlineSection.hidden = offline.length === 0 && pageTokens.length === 1;
    newer.disabled = pageTokens.length === 1;
    older.disabled = !nextToken;
    pager.hidden = pageTokens.length === 1 && !nextToken;
    pageInfo.textContent = pager.hidden ? "" : `Page ${pageTokens.length}`;
    const nothing = live.length === 0 && offline.length === 0 && pageTokens.length === 1;
    empty.hidden = !nothing;
    if (nothing) replaceChildren(empty, ...(query ? noMatches(query) : gettingStarted()));
  }

  function card(view: StreamView): HTMLLIElement {
    const element = h(
      "li",
      { class: "card", dataset: { streamId: view.id } },
      h("a", { class: "card-link", href: `/watch/${encodeURIComponent(view.id)}` }, h("span", { class: "card-title" }, view.title)),
      h("p", { class: "card-description" }, view.description),
      h("p", { class: "card-meta" }, h("span", { class: "badge" }), " ", h("span", { class: "card-figure" })),
    );
    cards.set(view.id, element);
    updateCard(element, view);
    return element;
  }

  async function followShown(views: StreamView[]): Promise<void> {
    const shown = new Set(views.map((view) => view.id));
    const stale = hub.store.all().map((view) => view.id).filter((id) => !shown.has(id));
    if (stale.length) await hub.unfollow(stale).catch(() => {});
    // Snapshots from the hub update the cards in place if anything changed since the list call.
    await hub.follow([...shown]).catch(() => {});
  }

  let debounce: ReturnType<typeof setTimeout> | undefined;
  filter.addEventListener("input", () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => {
      query = filter.value.trim();
      pageTokens.splice(1);
      void load();
    }, 250);
  });
  older.addEventListener("click", () => {
    if (!nextToken) return;
    pageTokens.push(nextToken);
    void load();
  });
  newer.addEventListener("click", () => {
    if (pageTokens.length === 1) return;
    pageTokens.pop();
    void load();
  });

  void hub.start();
  void load();
  // New streams going live are picked up by a light re-list; known ones update live via the hub.
  setInterval(() => document.visibilityState === "visible" && void load(), RelistEveryMs);
}

function updateCard(element: HTMLLIElement, view: StreamView): void {
  const badge = element.querySelector<HTMLElement>(".badge")!;
  const figure = element.querySelector<HTMLElement>(".card-figure")!;
  element.querySelector(".card-title")!.textContent = view.title;
  element.querySelector(".card-description")!.textContent = view.description;
  badge.textContent = statusLabel(view.status);
  badge.className = `badge badge-${view.status}`;
  element.classList.toggle("card-live", isOnAir(view.status));
  if (view.deleted) {
    figure.textContent = "Deleted";
  } else if (isOnAir(view.status) || view.status === "starting") {
    figure.textContent = viewersText(view.viewerCount);
  } else {
    figure.textContent = view.lastLiveEndTime ? `Last live ${formatRelative(view.lastLiveEndTime)}` : "Never live yet";
    if (view.lastLiveEndTime) figure.title = view.lastLiveEndTime.toLocaleString();
  }
}

function gettingStarted(): Array<Node | string> {
  return [
    h("h2", {}, "No streams yet"),
    h("p", {}, "Be the first: open the host dashboard, create a stream, allow your camera and press Go live. Then open the share link in another tab or on another device to watch."),
    h("p", {}, h("a", { class: "button primary", href: "/host" }, "Open the host dashboard")),
    h("p", { class: "muted" }, "From a terminal: ", h("code", {}, 'livegrpc create "My stream"'), ", then ", h("code", {}, "livegrpc start <id> --secret <host secret>"), "."),
  ];
}

function noMatches(query: string): Array<Node | string> {
  return [h("h2", {}, "No matches"), h("p", {}, `No public stream has “${query}” in its title.`)];
}
