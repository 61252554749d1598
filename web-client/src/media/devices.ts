/** Camera, microphone and screen capture, with errors a person can act on. */

export type VideoSource = "camera" | "screen" | "none";

export class DeviceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeviceError";
  }
}

export interface DeviceLists {
  cameras: MediaDeviceInfo[];
  microphones: MediaDeviceInfo[];
}

export async function listDevices(): Promise<DeviceLists> {
  if (!navigator.mediaDevices?.enumerateDevices) return { cameras: [], microphones: [] };
  const devices = await navigator.mediaDevices.enumerateDevices();
  return {
    cameras: devices.filter((device) => device.kind === "videoinput" && device.deviceId),
    microphones: devices.filter((device) => device.kind === "audioinput" && device.deviceId),
  };
}

function requireMediaDevices(): MediaDevices {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new DeviceError(
      window.isSecureContext
        ? "This browser cannot capture a camera or microphone."
        : "Camera and microphone need a secure page: open LiveGrpc at http://localhost or over HTTPS.",
    );
  }
  return navigator.mediaDevices;
}

export async function cameraTrack(deviceId: string | undefined): Promise<MediaStreamTrack> {
  try {
    const stream = await requireMediaDevices().getUserMedia({
      video: deviceId ? { deviceId: { exact: deviceId }, width: { ideal: 1280 }, height: { ideal: 720 } } : { width: { ideal: 1280 }, height: { ideal: 720 } },
    });
    return stream.getVideoTracks()[0];
  } catch (error) {
    throw new DeviceError(describeDeviceError(error, "camera"));
  }
}

export async function microphoneTrack(deviceId: string | undefined): Promise<MediaStreamTrack> {
  try {
    const stream = await requireMediaDevices().getUserMedia({
      audio: deviceId ? { deviceId: { exact: deviceId }, echoCancellation: true } : { echoCancellation: true },
    });
    return stream.getAudioTracks()[0];
  } catch (error) {
    throw new DeviceError(describeDeviceError(error, "microphone"));
  }
}

export async function screenTrack(): Promise<MediaStreamTrack> {
  if (!navigator.mediaDevices?.getDisplayMedia) throw new DeviceError("This browser cannot share a screen.");
  try {
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 15 } }, audio: false });
    return stream.getVideoTracks()[0];
  } catch (error) {
    throw new DeviceError(describeDeviceError(error, "screen"));
  }
}

export function describeDeviceError(error: unknown, device: "camera" | "microphone" | "screen"): string {
  const name = error instanceof DOMException || error instanceof Error ? error.name : "";
  const Device = device[0].toUpperCase() + device.slice(1);
  switch (name) {
    case "NotAllowedError":
    case "SecurityError":
      return device === "screen"
        ? "Screen sharing was cancelled or blocked. Choose a screen or window to share, or switch back to the camera."
        : `${Device} access was denied. Allow the ${device} for this site in the browser's address bar or settings, then try again — or choose “${noChoice(device)}”.`;
    case "NotFoundError":
    case "OverconstrainedError":
      return `No ${device} was found. Connect one and press “Refresh devices”, or choose “${noChoice(device)}”.`;
    case "NotReadableError":
    case "AbortError":
      return `The ${device} is in use by another application or could not be started. Close the other application and try again.`;
    default:
      return `The ${device} could not be started: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** The picker option that does without the device. */
function noChoice(device: "camera" | "microphone" | "screen"): string {
  return device === "microphone" ? "No microphone" : "No video";
}
