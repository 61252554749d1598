// Debian's Chromium driven by playwright-core (no browser download), with fake camera,
// microphone and screen, and a fresh profile per launch.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * @param {{ fakeCameraFile?: string, grantMedia?: boolean }} [options]
 *   fakeCameraFile: a .y4m clip for the fake camera (default: Chromium's built-in pattern);
 *   grantMedia: false leaves out the fake permission UI, so camera and microphone requests are
 *   refused as a user who clicks "Block" would.
 */
export async function launchChromium({ fakeCameraFile, grantMedia = true } = {}) {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'livegrpc-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Fake camera (640×480), microphone (a beep) and screen (1280×720), granted without prompts.
      '--use-fake-device-for-media-stream',
      ...(grantMedia ? ['--use-fake-ui-for-media-stream', '--auto-select-desktop-capture-source=Entire screen'] : []),
      ...(fakeCameraFile ? [`--use-file-for-fake-video-capture=${fakeCameraFile}`] : []),
      '--allow-loopback-in-peer-connection',
      // Background tabs must keep playing and keep their timers: three pages share one browser.
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Records console errors and uncaught exceptions of a page, so a test can assert a page loads
 * and runs without any.
 */
export function watchConsole(page, name, sink) {
  page.on('console', (message) => {
    if (message.type() === 'error') sink.push(`${name}: console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => sink.push(`${name}: uncaught: ${error.message}`));
  return page;
}
