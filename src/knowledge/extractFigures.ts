/**
 * Finds the figures a text states, as numbers, so that texts in different languages and
 * notations can be compared: 50万元 = RMB 500,000 = 0.5 million; 6.7亿 = 670 million.
 * Used to check that content states no figure its source does not.
 */

const MULTIPLIERS: Record<string, number> = {
  万: 1e4,
  亿: 1e8,
  thousand: 1e3,
  million: 1e6,
  billion: 1e9,
};

const FIGURE = /(\d+(?:,\d{3})*(?:\.\d+)?)\s*(万|亿|thousand|million|billion)?/giu;

/**
 * The figures stated in `text`, each as a number (multipliers applied). Full-width digits
 * are read like ASCII ones; dates give their parts (2024-10-23 → 2024, 10, 23).
 */
export function extractFigures(text: string): number[] {
  const figures: number[] = [];
  // NFKC would turn the square of m² into a 2; drop it first.
  for (const match of text.replace(/²/g, '').normalize('NFKC').matchAll(FIGURE)) {
    const value = Number(match[1]!.replace(/,/g, ''));
    const unit = match[2]?.toLowerCase();
    const result = unit ? value * (MULTIPLIERS[unit] ?? 1) : value;
    figures.push(Math.round(result * 1e6) / 1e6);
  }
  return figures;
}
