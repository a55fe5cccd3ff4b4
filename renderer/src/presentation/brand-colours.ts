// The operator's brand colour as the theme's accent, with a text colour that keeps WCAG AA contrast:
// black or white, whichever contrasts more (one of the two always reaches 4.5:1).

function luminance(hex: string): number {
  const channel = (offset: number) => {
    const value = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** CSS custom properties that put the brand colour on buttons, the guest's bubbles and every accent the theme
 *  derives from it (selected rows, pressed toggles, the mark), so no default orange is left beside the brand. */
export function brandStyle(brandColour: string): Record<string, string> {
  const text = contrastRatio(brandColour, '#ffffff') >= contrastRatio(brandColour, '#111111') ? '#ffffff' : '#111111';
  return {
    '--accent': brandColour,
    '--accent-text': text,
    '--accent-soft': `color-mix(in srgb, ${brandColour} 16%, var(--surface))`,
    '--bubble-guest': brandColour,
    '--bubble-guest-text': text,
  };
}
