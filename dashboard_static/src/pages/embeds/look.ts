/** The call button's look (the API's ButtonStyle), its defaults, and whether its colours are readable. */
import type { NewEmbed } from "../../api/types";

export type ButtonStyle = NonNullable<NewEmbed["button"]>;
export type ButtonPosition = ButtonStyle["position"];

/** The API's defaults (ButtonStyle in docs/openapi.json), which the SDK also falls back to. */
export const DEFAULT_LOOK: ButtonStyle = {
  label: "Talk to us",
  background: "#1f6feb",
  foreground: "#ffffff",
  position: "bottom-right",
};

export const POSITIONS: { value: ButtonPosition; label: string }[] = [
  { value: "bottom-right", label: "Bottom right" },
  { value: "bottom-left", label: "Bottom left" },
];

/** WCAG 2 contrast ratio of two `#rrggbb` colours, 1 (none) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** Text on a button needs 4.5:1 (WCAG AA for normal text). */
export const READABLE_CONTRAST = 4.5;

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((start) => parseInt(hex.slice(start, start + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [
    number,
    number,
    number,
  ];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
