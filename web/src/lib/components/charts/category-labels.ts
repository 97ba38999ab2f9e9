/** Member-facing names for the API's activity categories. */
export const CATEGORY_LABELS: Record<string, string> = {
  electricity: 'Electricity',
  natural_gas: 'Natural gas',
  heating_oil: 'Heating oil',
  lpg: 'LPG',
  district_heat: 'District heat',
  car: 'Car',
  motorbike: 'Motorbike',
  taxi: 'Taxi',
  bus: 'Bus',
  rail: 'Rail',
  ferry: 'Ferry',
  flight: 'Flights',
  hotel: 'Hotel nights',
};

export function categoryLabel(category: string): string {
  return CATEGORY_LABELS[category] ?? category.replaceAll('_', ' ');
}

const PALETTE = ['--chart-1', '--chart-2', '--chart-3', '--chart-4', '--chart-5', '--chart-6'];

/** A stable colour per position, from the theme, so both themes stay readable. */
export function seriesColor(index: number): string {
  return `var(${PALETTE[index % PALETTE.length]})`;
}
