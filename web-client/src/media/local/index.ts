import type { LocalMedia } from "../../gen/livegrpc/v1/token_service_pb";
import type { MediaPath } from "../media-path";
import { LocalPlayer } from "./local-player";
import { LocalPublisher } from "./local-publisher";

/** Browser-to-browser WebRTC; the hub carries offers, answers and ICE candidates. */
export function localMediaPath(local: LocalMedia | undefined, log?: (message: string) => void): MediaPath {
  const iceServers: RTCIceServer[] = (local?.iceServers ?? []).map((server) => ({
    urls: server.urls,
    ...(server.username ? { username: server.username } : {}),
    ...(server.credential ? { credential: server.credential } : {}),
  }));
  return {
    name: "Local (WebRTC)",
    publish: ({ signalling }) => new LocalPublisher(signalling, iceServers, log),
    play: ({ signalling }) => new LocalPlayer(signalling, iceServers, log),
  };
}
