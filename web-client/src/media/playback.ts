/** What every player does with the page's <video>, whichever path feeds it. */

/** Plays what the element now holds. It starts muted, so autoplay rules allow it; a refusal just leaves it paused. */
export function resumePlayback(video: HTMLVideoElement): void {
  void video.play().catch(() => {});
}

/** Sound after the viewer's click: browsers allow unmuted playback once the page had a user gesture. */
export function unmuteElement(video: HTMLVideoElement): void {
  video.muted = false;
  resumePlayback(video);
}
