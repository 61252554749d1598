import { cameraTrack, microphoneTrack, screenTrack, DeviceError, type VideoSource } from "../media/devices";

export interface SourceSelection {
  video: VideoSource;
  cameraId?: string;
  /** undefined = the default microphone; "none" = no audio. */
  microphoneId?: string | "none";
}

/**
 * The host's outgoing media: one video track (camera or screen) and one audio track, either of
 * which may be absent. Switching acquires the new track first and only then swaps it in, so a
 * failed switch leaves the current source on air.
 */
export class SourceController {
  private video: MediaStreamTrack | null = null;
  private audio: MediaStreamTrack | null = null;
  private selection: SourceSelection = { video: "camera" };
  /** Called with the combined stream whenever a track changes. */
  onChange?: (stream: MediaStream | null) => void;
  /** Called when the browser's own "stop sharing" ends the screen share. */
  onScreenShareEnded?: () => void;

  get current(): SourceSelection {
    return { ...this.selection };
  }

  get stream(): MediaStream | null {
    const tracks = [this.video, this.audio].filter((track): track is MediaStreamTrack => track !== null);
    return tracks.length ? new MediaStream(tracks) : null;
  }

  get hasMedia(): boolean {
    return this.video !== null || this.audio !== null;
  }

  /** Acquires whatever the selection names that is not yet running. */
  async apply(selection: SourceSelection): Promise<void> {
    const videoChanged =
      selection.video !== this.selection.video || (selection.video === "camera" && selection.cameraId !== this.selection.cameraId) || (selection.video !== "none" && !this.video);
    const audioChanged = selection.microphoneId !== this.selection.microphoneId || (selection.microphoneId !== "none" && !this.audio);

    if (selection.video === "none" && selection.microphoneId === "none") {
      throw new DeviceError("Choose a camera, a screen or a microphone: a stream needs something to send.");
    }

    const nextVideo = videoChanged ? await this.acquireVideo(selection) : this.video;
    let nextAudio: MediaStreamTrack | null;
    try {
      nextAudio = audioChanged ? (selection.microphoneId === "none" ? null : await microphoneTrack(selection.microphoneId)) : this.audio;
    } catch (error) {
      if (videoChanged && nextVideo && nextVideo !== this.video) nextVideo.stop();
      throw error;
    }

    if (videoChanged && this.video && this.video !== nextVideo) this.video.stop();
    if (audioChanged && this.audio && this.audio !== nextAudio) this.audio.stop();
    this.video = nextVideo;
    this.audio = nextAudio;
    this.selection = { ...selection };
    this.onChange?.(this.stream);
  }

  stopAll(): void {
    this.video?.stop();
    this.audio?.stop();
    this.video = null;
    this.audio = null;
    this.onChange?.(null);
  }

  private async acquireVideo(selection: SourceSelection): Promise<MediaStreamTrack | null> {
    if (selection.video === "none") return null;
    if (selection.video === "camera") return cameraTrack(selection.cameraId);
    const track = await screenTrack();
    track.addEventListener("ended", () => {
      if (this.video === track) this.onScreenShareEnded?.();
    });
    return track;
  }
}
