// A fake camera clip for Chromium's --use-file-for-fake-video-capture: 320×240 (4:3), red, with
// a white bar sweeping across it. Chromium's own fake screen is green and 16:9, so a viewer's
// picture tells which source the host is sending, and the moving bar proves frames change.
import { writeFileSync } from 'node:fs';

export function writeFakeCameraClip(file, { width = 320, height = 240, frames = 30 } = {}) {
  const luma = 81; // red in BT.601 YCbCr: Y 81, Cb 90, Cr 240
  const parts = [Buffer.from(`YUV4MPEG2 W${width} H${height} F30:1 Ip A1:1 C420jpeg\n`)];
  const barWidth = 40;
  for (let frame = 0; frame < frames; frame++) {
    const bar = 2 * Math.floor(((frame / frames) * (width - barWidth)) / 2);
    const y = Buffer.alloc(width * height, luma);
    const cb = Buffer.alloc((width / 2) * (height / 2), 90);
    const cr = Buffer.alloc((width / 2) * (height / 2), 240);
    for (let row = 0; row < height; row++) y.fill(235, row * width + bar, row * width + bar + barWidth);
    for (let row = 0; row < height / 2; row++) {
      const start = row * (width / 2) + bar / 2;
      cb.fill(128, start, start + barWidth / 2);
      cr.fill(128, start, start + barWidth / 2);
    }
    parts.push(Buffer.from('FRAME\n'), y, cb, cr);
  }
  writeFileSync(file, Buffer.concat(parts));
}
