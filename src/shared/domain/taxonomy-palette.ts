/**
 * Label colours. Paul Tol's "light" scheme (made to stay distinguishable under common colour
 * blindness and to carry black text), plus a mauve chosen the same way. Every colour keeps black
 * text above 8:1 contrast, so a highlight never makes the words behind it hard to read. Past ten
 * labels the colours repeat: nested labels share their category's look anyway.
 */
export const LABEL_PALETTE = [
  '#77AADD',
  '#EE8866',
  '#EEDD88',
  '#FFAABB',
  '#99DDFF',
  '#44BB99',
  '#BBCC33',
  '#AAAA00',
  '#DDDDDD',
  '#CC99CC',
] as const;

export const paletteColor = (index: number): string => LABEL_PALETTE[index % LABEL_PALETTE.length] as string;

const channel = (hex: string, at: number): number => parseInt(hex.slice(at, at + 2), 16) / 255;
const linear = (c: number): number => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const linearRgb = (hex: string): [number, number, number] => [linear(channel(hex, 1)), linear(channel(hex, 3)), linear(channel(hex, 5))];

/** WCAG relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
  const [r, g, b] = linearRgb(hex);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

export type ColorVision = 'normal' | 'protanopia' | 'deuteranopia' | 'tritanopia';

// Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB.
const SIMULATION: Record<ColorVision, number[][]> = {
  normal: [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};

function lab(rgb: number[]): [number, number, number] {
  const [r = 0, g = 0, b = 0] = rgb;
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number): number => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

/** How different two colours look (CIE76 ΔE) to a viewer with the given colour vision. */
export function colorDistance(a: string, b: string, vision: ColorVision = 'normal'): number {
  const m = SIMULATION[vision];
  const seen = (hex: string): [number, number, number] => {
    const c = linearRgb(hex);
    return lab(m.map((row) => Math.min(1, Math.max(0, (row[0] ?? 0) * c[0] + (row[1] ?? 0) * c[1] + (row[2] ?? 0) * c[2]))));
  };
  const [p, q] = [seen(a), seen(b)];
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}
