// Draws the toolbar icon (a shield with a check-mark notch) at every size the manifest
// lists, so the PNGs can be regenerated without an image editor: `node assets/make-icons.mjs`.
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};

function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x, y);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = r; raw[o + 1] = g; raw[o + 2] = b; raw[o + 3] = a;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Shield in unit coordinates: flat top with rounded shoulders, sides curving to a point.
function inShield(u, v) {
  if (v < 0.08 || v > 0.95) return false;
  const half = v < 0.55 ? 0.4 : 0.4 * Math.sqrt(Math.max(0, 1 - ((v - 0.55) / 0.4) ** 2));
  return Math.abs(u - 0.5) <= half;
}
function inTick(u, v) {
  const d = (px, py, ax, ay, bx, by) => {
    const t = Math.max(0, Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
    return Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay)));
  };
  return Math.min(d(u, v, 0.32, 0.5, 0.45, 0.64), d(u, v, 0.45, 0.64, 0.7, 0.36)) < 0.055;
}

mkdirSync(new URL('./public/icon/', import.meta.url), { recursive: true });
for (const size of [16, 32, 48, 128]) {
  const ss = 4;
  const data = png(size, (x, y) => {
    let shield = 0, tick = 0;
    for (let i = 0; i < ss; i++)
      for (let j = 0; j < ss; j++) {
        const u = (x + (i + 0.5) / ss) / size, v = (y + (j + 0.5) / ss) / size;
        if (inShield(u, v)) { if (inTick(u, v)) tick++; else shield++; }
      }
    const n = ss * ss, a = (shield + tick) / n;
    if (a === 0) return [0, 0, 0, 0];
    const t = tick / (shield + tick);
    // Navy shield (#1f3a5f), white tick.
    return [Math.round(31 + t * 224), Math.round(58 + t * 197), Math.round(95 + t * 160), Math.round(a * 255)];
  });
  writeFileSync(new URL(`./public/icon/${size}.png`, import.meta.url), data);
}
