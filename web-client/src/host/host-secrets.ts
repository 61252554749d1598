/**
 * Host secrets this browser created, so the dashboard can be reopened (and reloaded while live)
 * without pasting the secret again. The server keeps only a hash; this is the host's own copy,
 * on their own device, as with any "remember me" credential.
 */
const Key = "livegrpc.hostSecrets.v1";

export interface RememberedStream {
  streamId: string;
  title: string;
  secret: string;
}

function readAll(): Record<string, RememberedStream> {
  try {
    return JSON.parse(localStorage.getItem(Key) ?? "{}") as Record<string, RememberedStream>;
  } catch {
    return {};
  }
}

export function rememberedStreams(): RememberedStream[] {
  return Object.values(readAll());
}

export function rememberedSecret(streamId: string): string | undefined {
  return readAll()[streamId]?.secret;
}

export function rememberStream(stream: RememberedStream): void {
  const all = readAll();
  all[stream.streamId] = stream;
  localStorage.setItem(Key, JSON.stringify(all));
}

export function forgetStream(streamId: string): void {
  const all = readAll();
  delete all[streamId];
  localStorage.setItem(Key, JSON.stringify(all));
}
